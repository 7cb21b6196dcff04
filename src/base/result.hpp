// Result<T>: a value or a Diagnostic, for environment failures (I/O, network).
#pragma once

#include <utility>
#include <variant>

#include "base/check.hpp"
#include "base/diagnostic.hpp"

namespace factloom {

template <class T> class [[nodiscard]] Result {
public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Diagnostic error) : v_(std::move(error)) {} // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T &value() {
    FL_REQUIRE(ok(), "Result::value() on an error");
    return std::get<0>(v_);
  }
  const T &value() const {
    FL_REQUIRE(ok(), "Result::value() on an error");
    return std::get<0>(v_);
  }
  const Diagnostic &error() const {
    FL_REQUIRE(!ok(), "Result::error() on a value");
    return std::get<1>(v_);
  }

private:
  std::variant<T, Diagnostic> v_;
};

struct Unit {};

template <> class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Diagnostic error) : error_(std::move(error)), ok_(false) {} // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Diagnostic &error() const { return error_; }

private:
  Diagnostic error_;
  bool ok_ = true;
};

/// An environment failure not tied to a source position ("out.ttl: cannot write: ...").
inline Diagnostic io_error(std::string origin, std::string message) {
  Diagnostic d;
  d.severity = Severity::error;
  d.origin = std::move(origin);
  d.message = std::move(message);
  return d;
}

} // namespace factloom
