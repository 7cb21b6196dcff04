// A small JSON reader (RFC 8259) for SPARQL results: a value tree with numbers kept as text.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace factloom::store {

/// A parsed JSON value. Numbers keep their text (SPARQL results only carry strings and
/// booleans, and a count must not lose digits); objects keep the last of duplicate keys.
class Json {
public:
  enum class Kind { null, boolean, number, string, array, object };

  Json() = default;
  static Json make_bool(bool b);
  static Json make_number(std::string text);
  static Json make_string(std::string text);
  static Json make_array(std::vector<Json> items);
  static Json make_object(std::map<std::string, Json, std::less<>> members);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::null; }
  bool is_bool() const { return kind_ == Kind::boolean; }
  bool is_string() const { return kind_ == Kind::string; }
  bool is_array() const { return kind_ == Kind::array; }
  bool is_object() const { return kind_ == Kind::object; }
  bool is_number() const { return kind_ == Kind::number; }

  bool as_bool() const { return bool_; }
  /// String value, or the text of a number; empty for anything else.
  const std::string &text() const { return text_; }
  const std::vector<Json> &items() const { return items_; }
  const std::map<std::string, Json, std::less<>> &members() const { return members_; }
  /// The member `key` of an object, or nullptr (also when this is not an object).
  const Json *find(std::string_view key) const;

private:
  Kind kind_ = Kind::null;
  bool bool_ = false;
  std::string text_;
  std::vector<Json> items_;
  std::map<std::string, Json, std::less<>> members_;
};

/// Parses one JSON document (surrounding whitespace allowed). Errors say what was expected
/// and at which byte offset; nesting deeper than 200 levels is an error.
Result<Json> parse_json(std::string_view text);

/// `s` as a JSON string literal (quotes included; control characters escaped, UTF-8 kept).
std::string json_quote(std::string_view s);

} // namespace factloom::store
