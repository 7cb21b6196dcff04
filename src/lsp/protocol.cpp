// The LSP base protocol: Content-Length framing of JSON-RPC messages.
#include "lsp/protocol.hpp"

#include <cctype>
#include <charconv>
#include <istream>
#include <ostream>

namespace factloom::lsp {

namespace {

constexpr std::size_t max_body = std::size_t{64} << 20U;

/// One header line without its line end; false at end of input.
bool header_line(std::istream &in, std::string &line) {
  if (!std::getline(in, line))
    return false;
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  return true;
}

bool iequals_prefix(const std::string &line, std::string_view prefix) {
  if (line.size() < prefix.size())
    return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const auto a = static_cast<unsigned char>(line[i]);
    const auto b = static_cast<unsigned char>(prefix[i]);
    if (std::tolower(a) != std::tolower(b))
      return false;
  }
  return true;
}

} // namespace

Incoming read_message(std::istream &in) {
  Incoming msg;
  std::string line;
  bool any = false;
  bool has_length = false;
  std::size_t length = 0;
  while (true) {
    if (!header_line(in, line)) {
      msg.status = any ? Incoming::Status::bad : Incoming::Status::end;
      msg.error = "the input ended inside a message's headers";
      return msg;
    }
    if (line.empty()) {
      if (!any)
        continue; // blank lines between messages
      break;
    }
    any = true;
    if (!iequals_prefix(line, "content-length:"))
      continue;
    std::size_t i = 15;
    while (i < line.size() && line[i] == ' ')
      ++i;
    const char *first = line.data() + i;
    const char *last = line.data() + line.size();
    const auto [end, ec] = std::from_chars(first, last, length);
    has_length = ec == std::errc() && end == last && end != first;
  }
  msg.status = Incoming::Status::bad;
  if (!has_length) {
    msg.error = "a message without a valid Content-Length header";
    return msg;
  }
  if (length > max_body) {
    msg.error = "a message larger than 64 MiB";
    return msg;
  }
  msg.body.resize(length);
  in.read(msg.body.data(), static_cast<std::streamsize>(length));
  if (static_cast<std::size_t>(in.gcount()) != length) {
    msg.error = "the input ended inside a message's body";
    return msg;
  }
  msg.status = Incoming::Status::ok;
  return msg;
}

void write_message(std::ostream &out, const json &message) {
  const std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
}

json response(const json &id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json error_response(const json &id, int code, const std::string &message) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

json notification(const std::string &method, json params) {
  return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

} // namespace factloom::lsp
