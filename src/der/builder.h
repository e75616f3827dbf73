// A DER writer with RAII nesting and one sticky error (after BoringSSL's CBB).
//
//   Builder b;
//   {
//     auto seq = b.sequence();
//     b.integer(2);
//     { auto ctx = b.constructed(context_constructed(0)); b.null(); }
//   }
//   auto der = std::move(b).finish();
//
// A scope writes its minimal length when it closes (destructor or close());
// scopes nest to any depth and must close innermost first. Writes never fail
// individually: invalid input (a bad OID, an out-of-range time, a character
// outside PrintableString) records the first error, which finish() returns.
// The buffer is wiped when it grows and when the Builder dies, so it may hold
// private-key encodings. A Builder must outlive its scopes and does not move.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "der/parser.h"
#include "parley/error.h"

namespace parley::der {

class Builder {
 public:
  Builder() = default;
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;
  ~Builder();

  class Scope {
   public:
    Scope(Scope&& other) noexcept : b_(other.b_), at_(other.at_), level_(other.level_) { other.b_ = nullptr; }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    Scope& operator=(Scope&&) = delete;
    ~Scope() { close(); }
    // Writes the length now; later calls and the destructor do nothing.
    void close();

   private:
    friend class Builder;
    Scope(Builder* b, size_t at, size_t level) : b_(b), at_(at), level_(level) {}
    Builder* b_;
    size_t at_;     // offset of the one-octet length placeholder
    size_t level_;  // nesting depth when opened
  };

  // Constructed elements whose contents are written inside the scope.
  [[nodiscard]] Scope sequence() { return constructed(kSequence); }
  [[nodiscard]] Scope set() { return constructed(kSet); }
  [[nodiscard]] Scope constructed(Tag tag);  // tag must have the constructed bit
  // Encapsulating primitives: an OCTET STRING (extnValue) or a BIT STRING with no
  // unused bits (subjectPublicKey) whose contents are DER written in the scope.
  [[nodiscard]] Scope octet_string_scope();
  [[nodiscard]] Scope bit_string_scope();

  void boolean(bool v);
  void integer(int64_t v);
  // A non-negative INTEGER from big-endian magnitude bytes (serials, RSA moduli):
  // leading zeros are stripped and a 0x00 added when the high bit is set.
  void unsigned_integer(Input big_endian);
  void enumerated(int64_t v);
  void null();
  void oid(Input encoded);  // validated contents octets, e.g. kSha256WithRsa
  void bit_string(Input bytes, uint8_t unused_bits = 0);
  void octet_string(Input bytes);
  void utf8_string(std::string_view s);
  void printable_string(std::string_view s);
  void ia5_string(std::string_view s);
  void utc_time(int64_t unix_seconds);
  void generalized_time(int64_t unix_seconds);
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime otherwise.
  void time(int64_t unix_seconds);
  // One pre-encoded element (TLV), checked to be exactly one DER element.
  void raw(Input tlv);
  // Any tag over given contents octets: [n] IMPLICIT values, or a copied INTEGER.
  void implicit(Tag tag, Input value);

  bool ok() const { return !error_.has_value(); }
  size_t size() const { return out_.size(); }
  // The encoding, or the first error (including scopes still open).
  Result<std::vector<uint8_t>> finish() &&;

 private:
  void fail(Unexpected e);
  void fail(const char* what) { fail(err::api(what)); }
  bool check_tag(Tag tag);
  // Grows capacity for n more bytes without leaving a stale copy behind.
  void reserve_more(size_t n);
  void put(uint8_t b);
  void put(Input bytes);
  void put_length(size_t len);
  void put_integer(Tag tag, int64_t v);
  Scope open(Tag tag);
  void close_scope(const Scope& s);

  std::vector<uint8_t> out_;
  std::vector<size_t> open_;  // length placeholders of open scopes, outermost first
  std::optional<Error> error_;
  bool finished_ = false;
};

}  // namespace parley::der
