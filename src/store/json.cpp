// A recursive-descent JSON reader: strict RFC 8259, \u escapes with surrogate pairs to UTF-8.
#include "store/json.hpp"

#include <cstdint>

namespace factloom::store {

Json Json::make_bool(bool b) {
  Json j;
  j.kind_ = Kind::boolean;
  j.bool_ = b;
  return j;
}
Json Json::make_number(std::string text) {
  Json j;
  j.kind_ = Kind::number;
  j.text_ = std::move(text);
  return j;
}
Json Json::make_string(std::string text) {
  Json j;
  j.kind_ = Kind::string;
  j.text_ = std::move(text);
  return j;
}
Json Json::make_array(std::vector<Json> items) {
  Json j;
  j.kind_ = Kind::array;
  j.items_ = std::move(items);
  return j;
}
Json Json::make_object(std::map<std::string, Json, std::less<>> members) {
  Json j;
  j.kind_ = Kind::object;
  j.members_ = std::move(members);
  return j;
}

const Json *Json::find(std::string_view key) const {
  if (kind_ != Kind::object)
    return nullptr;
  auto it = members_.find(key);
  return it == members_.end() ? nullptr : &it->second;
}

namespace {

constexpr int max_depth = 200;

void append_utf8(std::string &out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Parser {
public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<Json> document() {
    Json v;
    if (!value(v, 0))
      return failure();
    skip_ws();
    if (i_ != s_.size()) {
      expected_ = "end of input";
      return failure();
    }
    return v;
  }

private:
  Diagnostic failure() const {
    std::string got = i_ < s_.size() ? "'" + std::string(1, s_[i_]) + "'" : "end of input";
    return io_error("JSON",
                    "expected " + expected_ + " at byte " + std::to_string(i_) + ", found " + got);
  }
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word)
      return false;
    i_ += word.size();
    return true;
  }
  bool value(Json &out, int depth) {
    skip_ws();
    expected_ = "a value";
    if (i_ >= s_.size())
      return false;
    if (depth > max_depth) {
      expected_ = "less nesting";
      return false;
    }
    const char c = s_[i_];
    if (c == '{')
      return object(out, depth);
    if (c == '[')
      return array(out, depth);
    if (c == '"') {
      std::string text;
      if (!string(text))
        return false;
      out = Json::make_string(std::move(text));
      return true;
    }
    if (c == 't' && literal("true")) {
      out = Json::make_bool(true);
      return true;
    }
    if (c == 'f' && literal("false")) {
      out = Json::make_bool(false);
      return true;
    }
    if (c == 'n' && literal("null")) {
      out = Json();
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9'))
      return number(out);
    return false;
  }
  bool digits() {
    const std::size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9')
      ++i_;
    return i_ > start;
  }
  bool number(Json &out) {
    const std::size_t start = i_;
    if (s_[i_] == '-')
      ++i_;
    expected_ = "a digit";
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else if (!digits()) {
      return false;
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (!digits())
        return false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-'))
        ++i_;
      if (!digits())
        return false;
    }
    out = Json::make_number(std::string(s_.substr(start, i_ - start)));
    return true;
  }
  bool hex4(std::uint32_t &cp) {
    expected_ = "four hex digits";
    if (i_ + 4 > s_.size())
      return false;
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = s_[i_];
      std::uint32_t d = 0;
      if (h >= '0' && h <= '9')
        d = static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f')
        d = static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        d = static_cast<std::uint32_t>(h - 'A' + 10);
      else
        return false;
      cp = cp * 16 + d;
      ++i_;
    }
    return true;
  }
  bool string(std::string &out) {
    ++i_; // opening quote
    while (true) {
      expected_ = "a closing '\"'";
      if (i_ >= s_.size())
        return false;
      const char c = s_[i_];
      if (c == '"') {
        ++i_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        expected_ = "an escaped control character";
        return false;
      }
      if (c != '\\') {
        out += c;
        ++i_;
        continue;
      }
      ++i_;
      expected_ = "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
      if (i_ >= s_.size())
        return false;
      const char e = s_[i_++];
      switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        std::uint32_t cp = 0;
        if (!hex4(cp))
          return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          std::uint32_t low = 0;
          expected_ = "a low surrogate (\\uDC00-\\uDFFF)";
          if (s_.substr(i_, 2) != "\\u")
            return false;
          i_ += 2;
          if (!hex4(low) || low < 0xDC00 || low > 0xDFFF)
            return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          expected_ = "a high surrogate before a low one";
          return false;
        }
        append_utf8(out, cp);
        break;
      }
      default: --i_; return false;
      }
    }
  }
  bool array(Json &out, int depth) {
    ++i_;
    std::vector<Json> items;
    skip_ws();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      out = Json::make_array(std::move(items));
      return true;
    }
    while (true) {
      Json v;
      if (!value(v, depth + 1))
        return false;
      items.push_back(std::move(v));
      skip_ws();
      expected_ = "',' or ']'";
      if (i_ >= s_.size())
        return false;
      if (s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (s_[i_] != ']')
        return false;
      ++i_;
      out = Json::make_array(std::move(items));
      return true;
    }
  }
  bool object(Json &out, int depth) {
    ++i_;
    std::map<std::string, Json, std::less<>> members;
    skip_ws();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      out = Json::make_object(std::move(members));
      return true;
    }
    while (true) {
      skip_ws();
      expected_ = "a member name (a string)";
      if (i_ >= s_.size() || s_[i_] != '"')
        return false;
      std::string key;
      if (!string(key))
        return false;
      skip_ws();
      expected_ = "':'";
      if (i_ >= s_.size() || s_[i_] != ':')
        return false;
      ++i_;
      Json v;
      if (!value(v, depth + 1))
        return false;
      members.insert_or_assign(std::move(key), std::move(v));
      skip_ws();
      expected_ = "',' or '}'";
      if (i_ >= s_.size())
        return false;
      if (s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (s_[i_] != '}')
        return false;
      ++i_;
      out = Json::make_object(std::move(members));
      return true;
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string expected_ = "a value";
};

} // namespace

Result<Json> parse_json(std::string_view text) { return Parser(text).document(); }

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        static constexpr char hex[] = "0123456789abcdef";
        out += "\\u00";
        out += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
        out += hex[static_cast<unsigned char>(c) & 0xF];
      } else {
        out += c;
      }
    }
  }
  out += '"';
  return out;
}

} // namespace factloom::store
