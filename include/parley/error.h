// Errors as values: every fallible call in parley returns Result<T>.
//
// An Error is decided where it is made: its kind, the TLS alert it maps to (if
// any) and a static description. The library never throws; the command-line
// tools turn errors into friendly text.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace parley {

namespace x509 {
class VerifyReport;  // opaque: only a shared_ptr is held here, so base does not depend on x509
}

// TLS alert descriptions, wire values from RFC 8446 §6.
enum class Alert : uint8_t {
  close_notify = 0,
  unexpected_message = 10,
  bad_record_mac = 20,
  record_overflow = 22,
  handshake_failure = 40,
  bad_certificate = 42,
  unsupported_certificate = 43,
  certificate_revoked = 44,
  certificate_expired = 45,
  certificate_unknown = 46,
  illegal_parameter = 47,
  unknown_ca = 48,
  access_denied = 49,
  decode_error = 50,
  decrypt_error = 51,
  protocol_version = 70,
  insufficient_security = 71,
  internal_error = 80,
  inappropriate_fallback = 86,
  user_canceled = 90,
  missing_extension = 109,
  unsupported_extension = 110,
  unrecognized_name = 112,
  bad_certificate_status_response = 113,
  unknown_psk_identity = 115,
  certificate_required = 116,
  no_application_protocol = 120,
};

// The RFC 8446 name of an alert ("decode_error"), or "unknown_alert".
std::string_view alert_name(Alert a);

struct Error {
  enum class Kind : uint8_t {
    Decode,            // malformed bytes (wire, DER, PEM)
    PeerMisbehaved,    // well-formed but forbidden by the protocol
    PeerIncompatible,  // nothing in common (versions, suites, groups)
    Certificate,       // path validation failed; see the verification report
    Crypto,            // a primitive failed (bad signature, bad tag, bad key)
    AlertReceived,     // the peer sent a fatal alert
    ApiMisuse,         // the caller broke a precondition
    Io,                // the operating system said no (tools and drivers only)
    Internal,          // a bug or resource failure inside parley or libcrypto
  };

  Kind kind = Kind::Internal;
  std::optional<Alert> alert;  // the alert to send, fixed where the error is made
  const char* what = "";       // static text: "DER: non-minimal length"
  std::string detail;          // optional dynamic context (empty on hot paths)
  // For Kind::Certificate from the TLS handshake: the verifier's full report
  // (which certificate, which rule, every path tried); read it with
  // parley::report_of() (parley/x509.h). Null otherwise.
  std::shared_ptr<const x509::VerifyReport> cert_detail;

  // "what: detail", or just "what".
  std::string message() const;
};

std::string_view kind_name(Error::Kind k);

template <class T>
using Result = std::expected<T, Error>;

using Unexpected = std::unexpected<Error>;

// Named factories: each site chooses its kind and alert in the open.
namespace err {
Unexpected make(Error::Kind kind, std::optional<Alert> alert, const char* what, std::string detail = {});
Unexpected decode(const char* what, std::string detail = {});  // alert decode_error
Unexpected illegal_parameter(const char* what, std::string detail = {});
Unexpected crypto(const char* what, std::string detail = {});  // no alert: the caller decides
Unexpected api(const char* what, std::string detail = {});
Unexpected io(const char* what, std::string detail = {});
Unexpected internal(const char* what, std::string detail = {});  // alert internal_error
}  // namespace err

}  // namespace parley

// Propagates an error from an expression yielding Result<T>; evaluates to the value.
// The single early-return helper in parley: a GNU statement expression (g++ and
// clang; __extension__ keeps -Wpedantic quiet) whose temporary gets a unique
// name, so PARLEY_TRY nests without shadowing.
#define PARLEY_TRY(expr) PARLEY_TRY_IMPL_(expr, PARLEY_CAT_(parley_try_r_, __COUNTER__))
#define PARLEY_CAT_(a, b) PARLEY_CAT2_(a, b)
#define PARLEY_CAT2_(a, b) a##b
#define PARLEY_TRY_IMPL_(expr, r)                                     \
  __extension__({                                                     \
    auto&& r = (expr);                                                \
    if (!r) return ::parley::Unexpected(std::move(r).error());        \
    std::move(r).value();                                             \
  })
