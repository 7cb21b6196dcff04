// Printing SELECT/ASK results: an aligned table for people; CSV, TSV and JSON per SPARQL 1.1.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "rdf/prefixes.hpp"
#include "store/sparql.hpp"

namespace factloom::store {

enum class ResultFormat { table, csv, tsv, json };

/// An aligned table: a header, a rule, one line per row, then "(N rows)". IRIs shortened with
/// `prefixes` (rdf::LocalNames::turtle; otherwise in angle brackets), literals as their text only
/// (newlines and tabs shown as \n and \t; language and datatype are left to the other formats),
/// blank nodes as _:label, unbound as empty. Columns are as wide as their widest cell in code
/// points.
std::string format_table(const QueryResults &results, const rdf::PrefixMap &prefixes);

/// SPARQL 1.1 Query Results CSV: header of names, plain values, RFC 4180 quoting, CRLF lines.
std::string format_csv(const QueryResults &results);

/// SPARQL 1.1 Query Results TSV: header of ?names, terms in N-Triples syntax, LF lines.
std::string format_tsv(const QueryResults &results);

/// SPARQL 1.1 Query Results JSON, one binding per line (written with nlohmann-json).
std::string format_json(const QueryResults &results);

/// CSV, TSV or JSON written while a SELECT answer is read (SparqlClient::select_stream), the
/// same bytes as format_results; end() after a complete answer.
class ResultsWriter final : public ResultsConsumer {
public:
  ResultsWriter(ResultFormat format, std::ostream &out);
  void head(const std::vector<std::string> &vars) override;
  void rows(const std::vector<std::vector<std::optional<rdf::Term>>> &rows) override;
  void boolean(bool value) override;
  void end();
  bool is_boolean() const { return is_boolean_; }
  bool boolean_value() const { return value_; }

private:
  ResultFormat format_;
  std::ostream &out_;
  QueryResults head_; ///< the variables (and, briefly, a batch of rows)
  std::size_t header_size_ = 0;
  std::size_t rows_written_ = 0;
  bool is_boolean_ = false;
  bool value_ = false;
};

/// Any of the above; ASK results print "true"/"false" (JSON: the boolean document).
std::string format_results(const QueryResults &results, ResultFormat format,
                           const rdf::PrefixMap &prefixes);

} // namespace factloom::store
