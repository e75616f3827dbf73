#include "trace/dissect.h"

#include <fmt/core.h>

#include <algorithm>
#include <string_view>

#include "base/reader.h"
#include "parley/events.h"
#include "x509/certificate.h"
#include "x509/name.h"

namespace parley::trace {
namespace {

using Bytes = std::span<const uint8_t>;

// Where an extension sits decides its layout (§4.2: key_share is a list in a
// ClientHello, one entry in a ServerHello, a group in a HelloRetryRequest).
enum class Where : uint8_t { client_hello, server_hello, hello_retry, encrypted_extensions, certificate_request,
                             certificate_entry, new_session_ticket };

// §4.1.3: a HelloRetryRequest is a ServerHello with this random.
constexpr uint8_t kHrrRandom[32] = {0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
                                    0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
                                    0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

std::string text_of(Bytes b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

struct ExtensionInfo {
  uint16_t type;
  std::string_view name, explain, section;
};

constexpr ExtensionInfo kExtensions[] = {
    {0, "server_name", "the host name the client wants to reach (SNI), so a server with several names picks the "
                       "right certificate", "4.2"},
    {5, "status_request", "asks for a stapled OCSP response: the CA's signed word that the certificate is not "
                          "revoked", "4.4.2.1"},
    {10, "supported_groups", "the key exchange groups (elliptic curves, finite fields) the client can use",
     "4.2.7"},
    {13, "signature_algorithms", "the signature schemes accepted in CertificateVerify", "4.2.3"},
    {16, "application_layer_protocol_negotiation", "ALPN: the application protocols (h2, http/1.1) on offer or "
                                                   "chosen", "4.2"},
    {41, "pre_shared_key", "a key from an earlier session, to resume it without certificates", "4.2.11"},
    {42, "early_data", "0-RTT: data sent before the handshake finishes, or its allowed size", "4.2.10"},
    {43, "supported_versions", "the TLS versions on offer (client) or chosen (server); this, not "
                               "legacy_version, selects TLS 1.3", "4.2.1"},
    {44, "cookie", "a value the server asks the client to echo after a HelloRetryRequest", "4.2.2"},
    {45, "psk_key_exchange_modes", "how a resumed session may derive keys: with or without a fresh key "
                                   "exchange", "4.2.9"},
    {47, "certificate_authorities", "the CAs whose certificates are acceptable, by name", "4.2.4"},
    {50, "signature_algorithms_cert", "the signature schemes accepted in certificates", "4.2.3"},
    {51, "key_share", "public keys for the key exchange (ECDHE): each side's half of the shared secret",
     "4.2.8"},
};

const ExtensionInfo* extension_info(uint16_t type) {
  auto it = std::ranges::find(kExtensions, type, &ExtensionInfo::type);
  return it == std::end(kExtensions) ? nullptr : &*it;
}

class Dissector {
 public:
  explicit Dissector(Bytes message) : message_(message) {}

  std::vector<Field> run() {
    Reader r(message_);
    uint8_t type = 0;
    uint32_t length = 0;
    if (message_.size() < 4 || !r.u8(type) || !r.u24(length)) return unparsed(r, 0);
    add(0, 1, 0, "msg_type", fmt::format("{}", type), "the handshake message type", "4");
    add(1, 3, 0, "length", fmt::format("{} bytes", length), "the length of the body that follows", "4");
    if (length != r.remaining()) {
      fields_.back().value += fmt::format(", but {} follow", r.remaining());
      return unparsed(r, 0);
    }
    bool ok = false;
    switch (type) {
      case 1: ok = client_hello(r); break;
      case 2: ok = server_hello(r); break;
      case 4: ok = new_session_ticket(r); break;
      case 5: ok = true; break;  // EndOfEarlyData: empty
      case 8: ok = extensions(r, 0, Where::encrypted_extensions); break;
      case 11: ok = certificate(r); break;
      case 13: ok = certificate_request(r); break;
      case 15: ok = certificate_verify(r); break;
      case 20:
        add(at(r), r.remaining(), 0, "verify_data", "",
            "an HMAC over the whole handshake with the finished key: proves both sides saw the same messages "
            "and hold the same keys", "4.4.4");
        ok = r.skip(r.remaining());
        break;
      case 24: ok = key_update(r); break;
      default: break;
    }
    if (!ok || !r.empty()) return unparsed(r, 0);
    return std::move(fields_);
  }

 private:
  size_t at(const Reader& r) const { return static_cast<size_t>(r.rest().data() - message_.data()); }

  void add(size_t offset, size_t length, int depth, std::string label, std::string value, std::string explain,
           std::string section) {
    fields_.push_back({offset, length, depth, std::move(label), std::move(value), std::move(explain),
                       std::move(section)});
  }

  // The rest of `r` as one "unparsed" field.
  void mark_unparsed(const Reader& r, int depth) {
    if (!r.empty()) {
      add(at(r), r.remaining(), depth, "unparsed", "", "bytes that do not follow the message's layout", "");
    }
  }

  // Ends the dissection: the rest of `r` is unparsed.
  std::vector<Field> unparsed(const Reader& r, int depth) {
    mark_unparsed(r, depth);
    return std::move(fields_);
  }

  // A length-prefixed vector as one field; body is its contents.
  bool vector(Reader& r, int len_bytes, Reader& body, int depth, std::string label, std::string value,
              std::string explain, std::string section) {
    const size_t start = at(r);
    if (!r.prefixed(len_bytes, body)) return false;
    add(start, at(r) - start, depth, std::move(label), std::move(value), std::move(explain), std::move(section));
    return true;
  }

  bool opaque(Reader& r, int len_bytes, int depth, std::string label, std::string explain, std::string section) {
    Reader body;
    if (!vector(r, len_bytes, body, depth, std::move(label), "", std::move(explain), std::move(section))) return false;
    fields_.back().value = fmt::format("{} bytes", body.remaining());
    return true;
  }

  // A list of 16-bit code points, each a field named by name_of.
  template <class Name>
  bool code_list(Reader& r, int len_bytes, int depth, std::string label, std::string explain, std::string section,
                 Name name_of, std::string_view entry) {
    Reader body;
    if (!vector(r, len_bytes, body, depth, std::move(label), "", std::move(explain), section)) return false;
    fields_.back().value = fmt::format("{} entries", body.remaining() / 2);
    while (!body.empty()) {
      const size_t start = at(body);
      uint16_t code = 0;
      if (!body.u16(code)) return false;
      add(start, 2, depth + 1, std::string(entry), name_of(code), "", section);
    }
    return true;
  }

  bool version(Reader& r, int depth, std::string label, std::string explain, std::string section) {
    const size_t start = at(r);
    uint16_t v = 0;
    if (!r.u16(v)) return false;
    add(start, 2, depth, std::move(label), version_name(v), std::move(explain), std::move(section));
    return true;
  }

  bool random(Reader& r, std::string explain, std::string section) {
    const size_t start = at(r);
    Bytes rnd;
    if (!r.bytes(32, rnd)) return false;
    const bool hrr = std::ranges::equal(rnd, Bytes(kHrrRandom));
    add(start, 32, 0, "random", hrr ? "the HelloRetryRequest marker" : "32 random bytes",
        hrr ? "this fixed value (SHA-256 of \"HelloRetryRequest\") turns the ServerHello into a request to try "
              "again with another key share"
            : std::move(explain),
        std::move(section));
    return true;
  }

  bool client_hello(Reader& r) {
    const std::string s = "4.1.2";
    Reader body;
    return version(r, 0, "legacy_version", "always TLS 1.2 (0x0303) here, so old middleboxes let it pass; the real "
                                           "versions are in supported_versions", s) &&
           random(r, "fresh randomness from the client: makes every handshake's keys unique", s) &&
           opaque(r, 1, 0, "legacy_session_id", "a value the server echoes; kept for middlebox compatibility", s) &&
           code_list(r, 2, 0, "cipher_suites", "the AEAD and hash pairs the client can use, best first", s,
                     [](uint16_t c) { return code_point_name(static_cast<crypto::Suite>(c)); }, "cipher suite") &&
           vector(r, 1, body, 0, "legacy_compression_methods", "", "one byte 0: no compression (TLS 1.3 has none)",
                  s) &&
           body.skip(body.remaining()) && extensions(r, 0, Where::client_hello);
  }

  bool server_hello(Reader& r) {
    const std::string s = "4.1.3";
    const bool hrr = r.remaining() >= 34 && std::ranges::equal(r.rest().subspan(2, 32), Bytes(kHrrRandom));
    if (!version(r, 0, "legacy_version", "always TLS 1.2 (0x0303) here; supported_versions says TLS 1.3", s) ||
        !random(r, "fresh randomness from the server", s) ||
        !opaque(r, 1, 0, "legacy_session_id_echo", "the client's legacy_session_id, echoed", s)) {
      return false;
    }
    const size_t start = at(r);
    uint16_t suite = 0;
    uint8_t compression = 0;
    if (!r.u16(suite)) return false;
    add(start, 2, 0, "cipher_suite", code_point_name(static_cast<crypto::Suite>(suite)),
        "the suite the server chose from the client's list: the AEAD for records and the hash for the key "
        "schedule", s);
    if (!r.u8(compression)) return false;
    add(start + 2, 1, 0, "legacy_compression_method", "0", "no compression", s);
    return extensions(r, 0, hrr ? Where::hello_retry : Where::server_hello);
  }

  bool certificate_request(Reader& r) {
    return opaque(r, 1, 0, "certificate_request_context", "empty during the handshake; names a post-handshake "
                                                          "request", "4.3.2") &&
           extensions(r, 0, Where::certificate_request);
  }

  bool certificate(Reader& r) {
    const std::string s = "4.4.2";
    Reader list;
    if (!opaque(r, 1, 0, "certificate_request_context", "empty in the handshake", s) ||
        !vector(r, 3, list, 0, "certificate_list", "", "the certificate chain, leaf first, then the certificates "
                                                       "that issued it", s)) {
      return false;
    }
    for (int n = 0; !list.empty(); ++n) {
      const size_t start = at(list);
      Bytes der;
      if (!list.prefixed_bytes(3, der)) return false;
      std::string who = "a certificate parley cannot read";
      if (auto c = x509::Certificate::parse(der)) who = x509::to_string((*c)->subject);
      add(start, at(list) - start, 1, n == 0 ? "cert_data (leaf)" : fmt::format("cert_data #{}", n), who,
          n == 0 ? "the end-entity certificate: the name and public key being vouched for"
                 : "a CA certificate that issued the one before it",
          s);
      if (!extensions(list, 2, Where::certificate_entry)) return false;
    }
    return true;
  }

  bool certificate_verify(Reader& r) {
    const size_t start = at(r);
    uint16_t scheme = 0;
    if (!r.u16(scheme)) return false;
    add(start, 2, 0, "algorithm", code_point_name(static_cast<crypto::SignatureScheme>(scheme)),
        "the signature scheme used", "4.4.3");
    return opaque(r, 2, 0, "signature", "a signature with the certificate's private key over the transcript hash: "
                                        "proves the sender holds that key", "4.4.3");
  }

  bool new_session_ticket(Reader& r) {
    const std::string s = "4.6.1";
    const size_t start = at(r);
    // Each field is added as soon as it is read: a message cut short after
    // it then shows the rest as unparsed, with no gap.
    uint32_t lifetime = 0, age_add = 0;
    if (!r.u32(lifetime)) return false;
    add(start, 4, 0, "ticket_lifetime", fmt::format("{} s", lifetime), "how long the ticket may be used", s);
    if (!r.u32(age_add)) return false;
    add(start + 4, 4, 0, "ticket_age_add", "", "obscures the ticket's age when the client sends it back", s);
    return opaque(r, 1, 0, "ticket_nonce", "makes each ticket's resumption key unique", s) &&
           opaque(r, 2, 0, "ticket", "opaque to the client: the server's sealed session state", s) &&
           extensions(r, 0, Where::new_session_ticket);
  }

  bool key_update(Reader& r) {
    const size_t start = at(r);
    uint8_t request = 0;
    if (!r.u8(request)) return false;
    add(start, 1, 0, "request_update", request == 1 ? "update_requested" : "update_not_requested",
        "whether the peer should update its own write keys too", "4.6.3");
    return true;
  }

  bool extensions(Reader& r, int depth, Where where) {
    Reader list;
    if (!vector(r, 2, list, depth, "extensions", "", "the extensions: everything TLS 1.3 negotiates beyond the "
                                                     "basics", "4.2")) {
      return false;
    }
    fields_.back().value = "";
    while (!list.empty()) {
      const size_t start = at(list);
      uint16_t type = 0;
      Reader body;
      if (!list.u16(type) || !list.prefixed(2, body)) return false;
      const auto* info = extension_info(type);
      std::string name = info ? std::string(info->name) : code_point_label(type);
      add(start, at(list) - start, depth + 1, "extension: " + name, fmt::format("type {}, {} bytes", type,
                                                                                body.remaining()),
          info ? std::string(info->explain) : "an extension parley does not interpret",
          info ? std::string(info->section) : "4.2");
      if (!extension_body(type, body, depth + 2, where) || !body.empty()) {
        mark_unparsed(body, depth + 2);
        // the outer message goes on: the extension's length told where it ends
      }
    }
    return true;
  }

  static std::string code_point_label(uint16_t type) {
    if ((type & 0x0f0f) == 0x0a0a && (type >> 8) == (type & 0xff)) return "GREASE";
    return fmt::format("unknown ({})", type);
  }

  bool extension_body(uint16_t type, Reader& b, int d, Where where) {
    auto group = [](uint16_t c) { return code_point_name(static_cast<crypto::Group>(c)); };
    auto scheme = [](uint16_t c) { return code_point_name(static_cast<crypto::SignatureScheme>(c)); };
    switch (type) {
      case 0: {
        if (where != Where::client_hello) return true;  // the server's acknowledgement is empty
        Reader list;
        if (!vector(b, 2, list, d, "server_name_list", "", "", "4.2")) return false;
        while (!list.empty()) {
          const size_t start = at(list);
          uint8_t name_type = 0;
          Bytes host;
          if (!list.u8(name_type) || !list.prefixed_bytes(2, host)) return false;
          add(start, at(list) - start, d + 1, "host_name", text_of(host), "the name the client connects to",
              "4.2");
        }
        return true;
      }
      case 10: return code_list(b, 2, d, "named_group_list", "", "4.2.7", group, "group");
      case 13:
      case 50: return code_list(b, 2, d, "supported_signature_algorithms", "", "4.2.3", scheme, "scheme");
      case 16: return entries(b, d, "protocol_name_list", 1, "protocol", "", "4.2", text_of);
      case 43: {
        if (where != Where::client_hello) {
          return version(b, d, "selected_version", "the version the server chose", "4.2.1");
        }
        Reader list;
        if (!vector(b, 1, list, d, "versions", "", "", "4.2.1")) return false;
        while (!list.empty()) {
          if (!version(list, d + 1, "version", "", "4.2.1")) return false;
        }
        return true;
      }
      case 51: return key_share(b, d, where);
      case 44: return opaque(b, 2, d, "cookie", "echoed back unchanged", "4.2.2");
      case 45: {
        Reader modes;
        if (!vector(b, 1, modes, d, "ke_modes", "", "psk_dhe_ke (1): resume with a fresh key exchange; psk_ke "
                                                    "(0): without", "4.2.9")) {
          return false;
        }
        return modes.skip(modes.remaining());
      }
      case 47:
        return entries(b, d, "authorities", 2, "DistinguishedName", "a CA this side accepts certificates from",
                       "4.2.4", [](Bytes dn) { return x509::to_string(x509::Name{dn}); });
      case 42: {
        if (where != Where::new_session_ticket) return true;
        const size_t start = at(b);
        uint32_t size = 0;
        if (!b.u32(size)) return false;
        add(start, 4, d, "max_early_data_size", fmt::format("{} bytes", size),
            "how much 0-RTT data the client may send with this ticket", "4.2.10");
        return true;
      }
      case 41: {
        if (where != Where::server_hello) return opaque_rest(b, d, "identities and binders", "4.2.11");
        const size_t start = at(b);
        uint16_t selected = 0;
        if (!b.u16(selected)) return false;
        add(start, 2, d, "selected_identity", fmt::format("{}", selected),
            "the ticket the server accepted: the session is resumed", "4.2.11");
        return true;
      }
      default: return opaque_rest(b, d, "extension_data", "4.2");
    }
  }

  // A 16-bit-length list of opaque entries with item_len-byte lengths, each a field valued by value_of.
  template <class Value>
  bool entries(Reader& b, int d, std::string label, int item_len, const std::string& entry, const std::string& explain,
               const std::string& section, Value value_of) {
    Reader list;
    if (!vector(b, 2, list, d, std::move(label), "", "", section)) return false;
    while (!list.empty()) {
      const size_t start = at(list);
      Bytes item;
      if (!list.prefixed_bytes(item_len, item)) return false;
      add(start, at(list) - start, d + 1, entry, value_of(item), explain, section);
    }
    return true;
  }

  bool opaque_rest(Reader& b, int d, std::string label, std::string section) {
    if (b.empty()) return true;
    add(at(b), b.remaining(), d, std::move(label), fmt::format("{} bytes", b.remaining()), "", std::move(section));
    return b.skip(b.remaining());
  }

  bool key_share_entry(Reader& r, int d) {
    const size_t start = at(r);
    uint16_t group = 0;
    Bytes key;
    if (!r.u16(group) || !r.prefixed_bytes(2, key)) return false;
    add(start, at(r) - start, d, "KeyShareEntry", code_point_name(static_cast<crypto::Group>(group)),
        fmt::format("group and a {}-byte ephemeral public key", key.size()), "4.2.8");
    return true;
  }

  bool key_share(Reader& b, int d, Where where) {
    if (where == Where::hello_retry) {
      const size_t start = at(b);
      uint16_t group = 0;
      if (!b.u16(group)) return false;
      add(start, 2, d, "selected_group", code_point_name(static_cast<crypto::Group>(group)),
          "the group the server wants a key share for", "4.2.8");
      return true;
    }
    if (where == Where::server_hello) return key_share_entry(b, d);
    Reader list;
    if (!vector(b, 2, list, d, "client_shares", "", "", "4.2.8")) return false;
    while (!list.empty()) {
      if (!key_share_entry(list, d + 1)) return false;
    }
    return true;
  }

  Bytes message_;
  std::vector<Field> fields_;
};

}  // namespace

std::vector<Field> dissect(std::span<const uint8_t> message) { return Dissector(message).run(); }

std::string rfc8446_link(const std::string& section) {
  return "https://www.rfc-editor.org/rfc/rfc8446#section-" + section;
}

}  // namespace parley::trace
