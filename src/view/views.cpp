#include "view/views.hpp"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "base/diagnostic.hpp"
#include "rdf/vocab.hpp"

namespace factloom::view {

namespace {

/// The run's options with the ids they name resolved.
struct Context {
  const Facts &f;
  const ViewOptions &o;
  TermId source = 0;
};

bool from_source(const Context &c, TermId id) {
  return c.source == 0 || c.f.graph().contains(id, c.f.prov_derived, c.source);
}

/// The first of an event's or document's dates (date, start, presented, made public).
std::string date_of(const Facts &f, TermId id) {
  for (const char *p : {"date", "start", "presented", "madePublic"}) {
    if (const TermId d = f.object(id, f.fl(p)); d != 0)
      return std::string(f.text(d));
  }
  return {};
}

std::string local_name(const Facts &f, TermId id) {
  const std::string s = f.short_id(id);
  const std::size_t colon = s.find(':');
  return colon == std::string::npos ? s : s.substr(colon + 1);
}

Attributes status_style(const std::string &status) {
  if (status == "Held" || status == "Agreed")
    return {{"style", "rounded,filled"}, {"fillcolor", "#cfe8ff"}};
  if (status == "Planned" || status == "Expected" || status == "Draft")
    return {{"style", "rounded,dashed"}};
  if (status == "Cancelled" || status == "Rejected")
    return {{"style", "rounded,dotted"}, {"color", "gray45"}, {"fontcolor", "gray35"}};
  if (status == "Ongoing" || status == "UnderRevision")
    return {{"style", "rounded,filled,bold"}, {"fillcolor", "#fff2b3"}};
  if (status == "Postponed")
    return {{"style", "rounded,dashed"}, {"color", "darkorange"}};
  return {{"style", "rounded"}};
}

/// "label\ndate · status" for events and documents.
std::string dated_label(const Facts &f, TermId id, TermId status) {
  std::string line = date_of(f, id);
  if (status != 0)
    line += (line.empty() ? "" : " \u00b7 ") + f.label(status);
  return wrap_label(f.label(id)) + (line.empty() ? "" : "\n" + line);
}

} // namespace

std::string node_id(const Facts &facts, TermId id) { return facts.short_id(id); }

std::vector<std::string> role_labels(const Facts &f, TermId meeting, TermId agent) {
  std::vector<std::string> out;
  for (const TermId q : f.objects(meeting, f.fl("qualifiedParticipation"))) {
    if (f.object(q, f.fl("agent")) != agent)
      continue;
    for (const TermId r : f.objects(q, f.fl("hadRole")))
      out.push_back(f.label(r));
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

/// Adds an entity's node, shaped and styled by its class.
void add_node(const Facts &f, DotGraph &g, TermId id) {
  const std::string nid = node_id(f, id);
  if (g.has_node(nid))
    return;
  if (f.is_a(id, f.fl("Event"))) {
    TermId status = f.object(id, f.fl("status"));
    Attributes a = status_style(status ? local_name(f, status) : "");
    a["shape"] = "box";
    g.node(nid, dated_label(f, id, status), std::move(a));
  } else if (f.is_a(id, f.fl("Signable")) || f.is_a(id, f.fl("Proposal"))) {
    TermId status = f.object(id, f.fl("proposalStatus"));
    Attributes a = status_style(status ? local_name(f, status) : "");
    a["shape"] = "note";
    g.node(nid, dated_label(f, id, status), std::move(a));
  } else if (f.is_a(id, f.fl("Person"))) {
    g.node(nid, wrap_label(f.label(id)), {{"shape", "ellipse"}});
  } else if (f.is_a(id, f.fl("Agent"))) {
    g.node(nid, wrap_label(f.label(id)),
           {{"shape", "box"}, {"style", "filled"}, {"fillcolor", "#eeeeee"}});
  } else if (f.is_a(id, f.fl("Source"))) {
    g.node(nid, wrap_label(f.label(id)), {{"shape", "folder"}});
  } else {
    g.node(nid, wrap_label(f.label(id)), {{"shape", "ellipse"}, {"color", "gray50"}});
  }
}

/// The roles an agent had in a meeting (labels, sorted, no repeats), joined.
std::string roles(const Facts &f, TermId meeting, TermId agent) {
  std::vector<std::string> out = role_labels(f, meeting, agent);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  std::string s;
  for (const std::string &r : out)
    s += (s.empty() ? "" : ", ") + r;
  return s;
}

/// Groups (a main node and the nodes it brings) taken in order while they fit in the cap.
struct Selection {
  std::size_t max = 0;
  std::vector<TermId> mains;
  std::set<TermId> members;
  std::set<TermId> left_members;
  std::size_t left_mains = 0;

  void offer(TermId main, const std::vector<TermId> &others) {
    std::size_t extra = members.count(main);
    extra = 1 - extra;
    for (const TermId o : others)
      extra += 1 - members.count(o);
    if (!mains.empty() && members.size() + extra > max) {
      ++left_mains;
      left_members.insert(others.begin(), others.end());
      return;
    }
    mains.push_back(main);
    members.insert(main);
    members.insert(others.begin(), others.end());
  }
  std::size_t left_others() const {
    std::size_t n = 0;
    for (const TermId id : left_members)
      n += 1 - members.count(id);
    return n;
  }
};

std::string left_out_note(const Selection &s, const char *mains, const char *others,
                          std::size_t max) {
  if (s.left_mains == 0)
    return {};
  return "Left out (--max-nodes " + std::to_string(max) + "): " + std::to_string(s.left_mains) +
         " " + mains + " and " + std::to_string(s.left_others()) + " " + others +
         " not shown; narrow with --from/--to, --source or --focus.";
}

} // namespace

namespace {

/// Meetings in the window and from the source, latest first (the cap keeps the latest).
std::vector<TermId> chosen_meetings(const Context &c) {
  std::vector<std::pair<std::string, TermId>> dated;
  for (const TermId m : c.f.instances(c.f.fl("Meeting"))) {
    const std::string date = date_of(c.f, m);
    if (from_source(c, m) && in_window(date, c.o.from, c.o.to))
      dated.emplace_back(date, m);
  }
  std::stable_sort(dated.begin(), dated.end(),
                   [](const auto &a, const auto &b) { return a.first > b.first; });
  std::vector<TermId> out;
  for (const auto &d : dated)
    out.push_back(d.second);
  return out;
}

/// The time line: one node per date, in order, each on the rank of its meetings.
void add_timeline(const Facts &f, DotGraph &g, const std::vector<TermId> &meetings) {
  std::set<std::string> dates;
  for (const TermId m : meetings) {
    const std::string date = date_of(f, m);
    if (date.empty())
      continue;
    dates.insert(date);
    g.same_rank(date, node_id(f, m));
  }
  std::string previous;
  for (const std::string &date : dates) {
    const std::string id = "date:" + date;
    g.node(id, date, {{"shape", "plaintext"}, {"fontcolor", "gray30"}});
    g.same_rank(date, id);
    if (!previous.empty())
      g.edge(previous, id, {}, {{"color", "gray70"}, {"arrowhead", "vee"}});
    previous = id;
  }
}

void meetings_view(const Context &c, DotGraph &g) {
  const Facts &f = c.f;
  const TermId participant = f.fl("participant");
  Selection s{c.o.max_nodes, {}, {}, {}, 0};
  for (const TermId m : chosen_meetings(c))
    s.offer(m, f.objects(m, participant));
  for (const TermId m : s.mains) {
    add_node(f, g, m);
    for (const TermId a : f.objects(m, participant)) {
      add_node(f, g, a);
      g.edge(node_id(f, a), node_id(f, m), roles(f, m, a));
    }
  }
  for (const TermId m : s.mains) {
    for (const TermId before : f.objects(m, f.fl("follows"))) {
      if (std::find(s.mains.begin(), s.mains.end(), before) != s.mains.end())
        g.edge(node_id(f, m), node_id(f, before), "follows",
               {{"style", "dashed"}, {"color", "gray40"}, {"constraint", "false"}});
    }
  }
  add_timeline(f, g, s.mains);
  g.title = "Who met whom: " + std::to_string(s.mains.size()) + " meetings (held: filled, " +
            "planned: dashed, cancelled: dotted), in time order";
  g.note = left_out_note(s, "meetings", "participants", c.o.max_nodes);
}

} // namespace

namespace {

Attributes position_style(const std::string &position) {
  if (position == "Supports" || position == "Accepts")
    return {{"color", "darkgreen"}, {"fontcolor", "darkgreen"}};
  if (position == "Opposes" || position == "Rejects" || position == "DoesNotSupport")
    return {{"color", "red3"}, {"fontcolor", "red3"}};
  return {{"color", "darkorange3"}, {"fontcolor", "darkorange3"}};
}

/// Everyone a proposal brings into the picture: proposers, recipients, signatories, stance
/// holders, issuers.
std::vector<TermId> proposal_actors(const Facts &f, TermId p) {
  std::vector<TermId> out;
  for (const char *prop : {"proposer", "recipient", "issuedBy"}) {
    const auto found = f.objects(p, f.fl(prop));
    out.insert(out.end(), found.begin(), found.end());
  }
  for (const TermId signing : f.subjects(f.fl("signedDocument"), p)) {
    const auto found = f.objects(signing, f.fl("signatory"));
    out.insert(out.end(), found.begin(), found.end());
  }
  for (const TermId stance : f.subjects(f.fl("toward"), p)) {
    const auto found = f.objects(stance, f.fl("holder"));
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

void proposal_edges(const Context &c, DotGraph &g, TermId p, const std::set<TermId> &shown) {
  const Facts &f = c.f;
  const std::string pid = node_id(f, p);
  const std::pair<const char *, Attributes> links[] = {
      {"revisionOf", {{"style", "bold"}}},
      {"counterTo", {{"style", "dashed"}, {"color", "red3"}}},
      {"alternativeTo", {{"style", "dashed"}}}};
  for (const auto &[prop, style] : links) {
    for (const TermId q : f.objects(p, f.fl(prop))) {
      if (shown.count(q))
        g.edge(pid, node_id(f, q), f.label(f.fl(prop)), style);
    }
  }
  for (const TermId a : f.objects(p, f.fl("proposer")))
    g.edge(node_id(f, a), pid, "proposes");
  for (const TermId a : f.objects(p, f.fl("issuedBy")))
    g.edge(node_id(f, a), pid, "issues");
  for (const TermId a : f.objects(p, f.fl("recipient")))
    g.edge(pid, node_id(f, a), "to", {{"style", "dotted"}});
  for (const TermId signing : f.subjects(f.fl("signedDocument"), p)) {
    const TermId status = f.object(signing, f.fl("status"));
    const std::string name = status ? local_name(f, status) : "";
    Attributes style;
    if (name == "Planned" || name == "Expected" || name == "Postponed")
      style = {{"style", "dashed"}};
    else if (name == "Cancelled")
      style = {{"style", "dotted"}, {"color", "gray45"}, {"fontcolor", "gray35"}};
    const std::string label = "signs" + (status ? " (" + f.label(status) + ")" : std::string());
    for (const TermId a : f.objects(signing, f.fl("signatory")))
      g.edge(node_id(f, a), pid, label, style);
  }
  for (const TermId stance : f.subjects(f.fl("toward"), p)) {
    const TermId position = f.object(stance, f.fl("position"));
    const std::string label = position ? f.label(position) : "stance";
    for (const TermId h : f.objects(stance, f.fl("holder")))
      g.edge(node_id(f, h), pid, label, position_style(position ? local_name(f, position) : ""));
  }
}

void proposals_view(const Context &c, DotGraph &g) {
  const Facts &f = c.f;
  std::vector<TermId> all = f.instances(f.fl("Signable"));
  const auto proposals = f.instances(f.fl("Proposal"));
  all.insert(all.end(), proposals.begin(), proposals.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  std::vector<std::pair<std::string, TermId>> keyed;
  for (const TermId p : all) {
    if (from_source(c, p) && in_window(date_of(f, p), c.o.from, c.o.to))
      keyed.emplace_back(node_id(f, p), p);
  }
  std::sort(keyed.begin(), keyed.end());
  Selection s{c.o.max_nodes, {}, {}, {}, 0};
  for (const auto &k : keyed)
    s.offer(k.second, proposal_actors(f, k.second));
  const std::set<TermId> shown(s.mains.begin(), s.mains.end());
  for (const TermId p : s.mains) {
    add_node(f, g, p);
    for (const TermId a : proposal_actors(f, p))
      add_node(f, g, a);
    proposal_edges(c, g, p, shown);
  }
  g.title = "Proposals and documents: " + std::to_string(s.mains.size()) +
            " (revisions, counter-proposals, signatories, stances: green for, red against)";
  g.note = left_out_note(s, "proposals", "actors", c.o.max_nodes);
}

} // namespace

namespace {

/// Links that the neighbourhood does not follow: types, provenance, claims, qualified
/// participations (their roles label the participant links instead).
std::set<TermId> skipped_predicates(const Facts &f) {
  std::set<TermId> out = {f.rdf_type, f.prov_derived, f.iri(vocab::rdfs_is_defined_by),
                          f.iri(vocab::fl_claim_about), f.fl("qualifiedParticipation")};
  out.erase(0);
  return out;
}

/// A link of the neighbourhood: (s, p, o) between two entities.
struct Link {
  TermId s, p, o;
  friend bool operator<(const Link &a, const Link &b) {
    return std::tie(a.s, a.p, a.o) < std::tie(b.s, b.p, b.o);
  }
};

bool keep_neighbour(const Context &c, TermId id) {
  if (!c.f.is_entity(id) || !from_source(c, id))
    return false;
  const std::string date = date_of(c.f, id);
  return date.empty() || in_window(date, c.o.from, c.o.to);
}

/// The entities linked to `n` (either way), with the links.
void neighbours(const Context &c, const std::set<TermId> &skip, TermId n, std::set<Link> &links,
                std::set<TermId> &found) {
  const graph::Graph &graph = c.f.graph();
  for (const graph::Quad &q : graph.with_subject(n)) {
    if (!skip.count(q.p) && keep_neighbour(c, q.o)) {
      links.insert(Link{q.s, q.p, q.o});
      found.insert(q.o);
    }
  }
  for (const std::uint32_t i : graph.with_object(n)) {
    const graph::Quad &q = graph.quads()[i];
    if (!skip.count(q.p) && keep_neighbour(c, q.s)) {
      links.insert(Link{q.s, q.p, q.o});
      found.insert(q.s);
    }
  }
}

void focus_view(const Context &c, TermId start, DotGraph &g) {
  const Facts &f = c.f;
  const std::set<TermId> skip = skipped_predicates(f);
  std::set<TermId> shown{start};
  std::set<Link> links;
  std::set<TermId> seen{start};
  std::vector<TermId> frontier{start};
  for (int d = 0; d < c.o.depth && !frontier.empty(); ++d) {
    std::set<TermId> found;
    for (const TermId n : frontier)
      neighbours(c, skip, n, links, found);
    std::vector<std::pair<std::string, TermId>> next;
    for (const TermId id : found) {
      if (seen.insert(id).second)
        next.emplace_back(node_id(f, id), id);
    }
    std::sort(next.begin(), next.end());
    frontier.clear();
    for (const auto &k : next) {
      if (shown.size() >= c.o.max_nodes)
        break;
      shown.insert(k.second);
      frontier.push_back(k.second);
    }
  }
  for (const TermId id : shown)
    add_node(f, g, id);
  const TermId participant = f.fl("participant");
  for (const Link &l : links) {
    if (!shown.count(l.s) || !shown.count(l.o))
      continue;
    std::string label = f.label(l.p);
    if (l.p == participant) {
      if (const std::string r = roles(f, l.s, l.o); !r.empty())
        label += ": " + r;
    }
    g.edge(node_id(f, l.s), node_id(f, l.o), label);
  }
  g.node(node_id(f, start), g.nodes().at(node_id(f, start)).label, {{"penwidth", "3"}});
  g.title = f.label(start) + " and what is linked to it within " + std::to_string(c.o.depth) +
            (c.o.depth == 1 ? " step" : " steps");
  if (seen.size() > shown.size())
    g.note = "Left out (--max-nodes " + std::to_string(c.o.max_nodes) +
             "): " + std::to_string(seen.size() - shown.size()) +
             " linked entities not shown; lower --depth or narrow with --from/--to, --source.";
}

std::string unknown_id(const Facts &f, const std::string &option, const std::string &id) {
  const std::string guess = closest(id, f.entity_ids());
  return option + ": unknown id '" + id + "'" +
         (guess.empty() ? "" : "; did you mean '" + guess + "'?");
}

} // namespace

ViewResult build_view(const Facts &facts, const ViewOptions &options) {
  ViewResult r;
  Context c{facts, options, 0};
  if (!options.source.empty()) {
    c.source = facts.entity(options.source);
    if (c.source == 0 || !facts.is_a(c.source, facts.fl("Source"))) {
      r.error = unknown_id(facts, "--source", options.source);
      return r;
    }
  }
  r.graph.graph_attrs = {{"rankdir", "LR"}, {"fontname", "Helvetica"}, {"fontsize", "12"}};
  if (options.kind == Kind::focus) {
    const TermId start = facts.entity(options.focus);
    if (start == 0 || !facts.is_entity(start)) {
      r.error = unknown_id(facts, "--focus", options.focus);
      return r;
    }
    focus_view(c, start, r.graph);
  } else if (options.kind == Kind::proposals) {
    proposals_view(c, r.graph);
  } else {
    meetings_view(c, r.graph);
  }
  if (r.graph.nodes().size() > 60) {
    // Large pictures: fewer rounds of crossing reduction, so dot takes seconds, not minutes.
    r.graph.graph_attrs["mclimit"] = "0.1";
    r.graph.graph_attrs["nslimit"] = "1";
    r.graph.graph_attrs["nslimit1"] = "1";
    r.graph.graph_attrs["searchsize"] = "10";
  }
  return r;
}

} // namespace factloom::view
