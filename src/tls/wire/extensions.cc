#include "tls/wire/extensions.h"

#include <algorithm>
#include <array>
#include <string>

namespace parley::tls::wire {
namespace {

// One bit per MessageKind, for the "messages it may appear in" column.
constexpr uint8_t bit(MessageKind k) { return static_cast<uint8_t>(1u << static_cast<unsigned>(k)); }
constexpr uint8_t CH = bit(MessageKind::client_hello);
constexpr uint8_t SH = bit(MessageKind::server_hello);
constexpr uint8_t HRR = bit(MessageKind::hello_retry_request);
constexpr uint8_t EE = bit(MessageKind::encrypted_extensions);
constexpr uint8_t CT = bit(MessageKind::certificate);
constexpr uint8_t CR = bit(MessageKind::certificate_request);
constexpr uint8_t NST = bit(MessageKind::new_session_ticket);

std::string where(MessageKind kind, uint16_t type) {
  return std::string(message_name(kind)) + ", extension " + std::to_string(type);
}

// ---------------------------------------------------------------- parsing helpers

// A vector of uint16 values with a len_bytes length prefix; the RFC lists
// parley reads this way all have a non-zero minimum (e.g. <2..2^16-2>).
bool read_u16_list(Reader& r, int len_bytes, std::vector<uint16_t>& out) {
  Reader list;
  if (!r.prefixed(len_bytes, list) || list.empty() || list.remaining() % 2 != 0) return false;
  out.clear();
  out.reserve(list.remaining() / 2);
  while (!list.empty()) {
    uint16_t v;
    if (!list.u16(v)) return false;
    out.push_back(v);
  }
  return true;
}

// RFC 6066 §3: HostName is the ASCII DNS name, no trailing dot; literal IP
// addresses are not permitted (we cannot tell "1.2.3.4" from a name reliably,
// so that rule is left to the caller). RFC 1035: at most 255 bytes.
bool valid_host_name(ByteView h) {
  if (h.empty() || h.size() > 255 || h.back() == '.') return false;
  return std::all_of(h.begin(), h.end(), [](uint8_t c) { return c > 0x20 && c < 0x7f; });
}

std::string_view as_text(ByteView b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// ---------------------------------------------------------------- per-extension parsers
// Each reads the extension_data of one extension; the caller checks that
// nothing is left over.

Result<void> parse_server_name(Reader& r, MessageKind kind, Extensions& e) {
  if (kind != MessageKind::client_hello) {  // RFC 6066 §3: the server's extension_data is empty
    e.server_name = std::string_view{};
    return {};
  }
  Reader list;
  uint8_t name_type;
  ByteView host;
  if (!r.prefixed(2, list) || !list.u8(name_type) || !list.prefixed_bytes(2, host)) {
    return err::decode("server_name: malformed server_name_list");
  }
  if (name_type != 0) return err::illegal_parameter("server_name: name_type is not host_name");
  // RFC 6066 §3: no more than one name of a type; host_name is the only type.
  if (!list.empty()) return err::illegal_parameter("server_name: more than one name");
  if (!valid_host_name(host)) return err::illegal_parameter("server_name: host_name is not a DNS host name");
  e.server_name = as_text(host);
  return {};
}

Result<void> parse_supported_groups(Reader& r, MessageKind, Extensions& e) {
  // §4.2.7: NamedGroup named_group_list<2..2^16-1>.
  if (!read_u16_list(r, 2, e.supported_groups.emplace())) return err::decode("supported_groups: malformed list");
  return {};
}

Result<void> parse_signature_algorithms(Reader& r, MessageKind, Extensions& e) {
  // §4.2.3: SignatureScheme supported_signature_algorithms<2..2^16-2>.
  if (!read_u16_list(r, 2, e.signature_algorithms.emplace())) {
    return err::decode("signature_algorithms: malformed list");
  }
  return {};
}

Result<void> parse_signature_algorithms_cert(Reader& r, MessageKind, Extensions& e) {
  if (!read_u16_list(r, 2, e.signature_algorithms_cert.emplace())) {
    return err::decode("signature_algorithms_cert: malformed list");
  }
  return {};
}

Result<void> parse_supported_versions(Reader& r, MessageKind kind, Extensions& e) {
  // §4.2.1: CH carries ProtocolVersion versions<2..254>; SH and HRR the selected one.
  if (kind == MessageKind::client_hello) {
    if (!read_u16_list(r, 1, e.supported_versions.emplace())) {
      return err::decode("supported_versions: malformed versions list");
    }
    return {};
  }
  uint16_t v;
  if (!r.u16(v)) return err::decode("supported_versions: truncated selected_version");
  e.selected_version = v;
  return {};
}

bool read_key_share_entry(Reader& r, KeyShareEntry& out) {
  // §4.2.8: NamedGroup group; opaque key_exchange<1..2^16-1>.
  return r.u16(out.group) && r.prefixed_bytes(2, out.key_exchange) && !out.key_exchange.empty();
}

Result<void> parse_key_share(Reader& r, MessageKind kind, Extensions& e) {
  if (kind == MessageKind::hello_retry_request) {  // §4.2.8: KeyShareHelloRetryRequest
    uint16_t g;
    if (!r.u16(g)) return err::decode("key_share: truncated selected_group");
    e.hrr_group = g;
    return {};
  }
  if (kind == MessageKind::server_hello) {  // KeyShareServerHello
    if (!read_key_share_entry(r, e.server_share.emplace())) return err::decode("key_share: malformed server_share");
    return {};
  }
  // KeyShareClientHello: client_shares<0..2^16-1>; may be empty to ask for an HRR.
  Reader list;
  if (!r.prefixed(2, list)) return err::decode("key_share: malformed client_shares");
  auto& shares = e.key_shares.emplace();
  std::vector<uint16_t> groups;
  while (!list.empty()) {
    auto& entry = shares.emplace_back();
    if (!list.u16(entry.group) || !list.prefixed_bytes(2, entry.key_exchange)) {
      return err::decode("key_share: truncated KeyShareEntry");
    }
    // §4.2.8: key_exchange<1..2^16-1>. An empty one is framed correctly but
    // is no valid share of any group: the share's value is wrong, which
    // §4.2.8.1/§4.2.8.2 answer with illegal_parameter.
    if (entry.key_exchange.empty()) return err::illegal_parameter("key_share: empty key_exchange in a KeyShareEntry");
    groups.push_back(entry.group);
  }
  // §4.2.8: clients MUST NOT offer multiple KeyShareEntry values for the same
  // group; servers MAY abort with illegal_parameter, and we do.
  std::sort(groups.begin(), groups.end());
  if (std::adjacent_find(groups.begin(), groups.end()) != groups.end()) {
    return err::illegal_parameter("key_share: two KeyShareEntry values for one group");
  }
  return {};
}

Result<void> parse_cookie(Reader& r, MessageKind, Extensions& e) {
  // §4.2.2: opaque cookie<1..2^16-1>.
  ByteView c;
  if (!r.prefixed_bytes(2, c) || c.empty()) return err::decode("cookie: malformed cookie");
  e.cookie = c;
  return {};
}

Result<void> parse_alpn(Reader& r, MessageKind kind, Extensions& e) {
  // RFC 7301 §3.1: ProtocolName protocol_name_list<2..2^16-1>, each
  // ProtocolName<1..2^8-1>; empty names MUST NOT be included; the server's
  // list MUST contain exactly one name.
  Reader list;
  if (!r.prefixed(2, list) || list.empty()) return err::decode("alpn: malformed protocol_name_list");
  auto& names = e.alpn.emplace();
  while (!list.empty()) {
    ByteView name;
    if (!list.prefixed_bytes(1, name)) return err::decode("alpn: malformed ProtocolName");
    if (name.empty()) return err::decode("alpn: empty ProtocolName");
    names.push_back(name);
  }
  if (kind != MessageKind::client_hello && names.size() != 1) {
    return err::decode("alpn: server must select exactly one protocol");
  }
  return {};
}

Result<void> parse_certificate_authorities(Reader& r, MessageKind, Extensions& e) {
  // §4.2.4: DistinguishedName authorities<3..2^16-1>; DistinguishedName<1..2^16-1>.
  Reader list;
  if (!r.prefixed(2, list) || list.empty()) return err::decode("certificate_authorities: malformed authorities");
  auto& names = e.certificate_authorities.emplace();
  while (!list.empty()) {
    ByteView dn;
    if (!list.prefixed_bytes(2, dn) || dn.empty()) {
      return err::decode("certificate_authorities: malformed DistinguishedName");
    }
    names.push_back(dn);
  }
  return {};
}

Result<void> parse_padding(Reader& r, MessageKind, Extensions& e) {
  e.padding = r.remaining();
  (void)r.skip(r.remaining());
  return {};
}

Result<void> parse_psk_key_exchange_modes(Reader& r, MessageKind, Extensions& e) {
  // §4.2.9: PskKeyExchangeMode ke_modes<1..255>.
  ByteView modes;
  if (!r.prefixed_bytes(1, modes) || modes.empty()) return err::decode("psk_key_exchange_modes: malformed ke_modes");
  e.psk_key_exchange_modes.emplace(modes.begin(), modes.end());
  return {};
}

Result<void> parse_pre_shared_key(Reader& r, MessageKind kind, Extensions& e) {
  if (kind == MessageKind::server_hello) {  // §4.2.11: uint16 selected_identity
    uint16_t i;
    if (!r.u16(i)) return err::decode("pre_shared_key: truncated selected_identity");
    e.selected_psk = i;
    return {};
  }
  // OfferedPsks: PskIdentity identities<7..2^16-1>; PskBinderEntry binders<33..2^16-1>.
  Reader ids, binders;
  if (!r.prefixed(2, ids) || ids.empty()) return err::decode("pre_shared_key: malformed identities");
  auto& psks = e.pre_shared_key.emplace();
  while (!ids.empty()) {
    PskIdentity& id = psks.identities.emplace_back();
    if (!ids.prefixed_bytes(2, id.identity) || id.identity.empty() || !ids.u32(id.obfuscated_ticket_age)) {
      return err::decode("pre_shared_key: malformed PskIdentity");
    }
  }
  if (!r.prefixed(2, binders) || binders.empty()) return err::decode("pre_shared_key: malformed binders");
  while (!binders.empty()) {
    ByteView b;  // opaque PskBinderEntry<32..255>
    if (!binders.prefixed_bytes(1, b) || b.size() < 32) return err::decode("pre_shared_key: malformed PskBinderEntry");
    psks.binders.push_back(b);
  }
  // §4.2.11: each identity has its binder, in the same order.
  if (psks.binders.size() != psks.identities.size()) {
    return err::illegal_parameter("pre_shared_key: identities and binders differ in number");
  }
  return {};
}

Result<void> parse_early_data(Reader& r, MessageKind kind, Extensions& e) {
  // §4.2.10: empty in CH and EE; NST carries uint32 max_early_data_size.
  if (kind == MessageKind::new_session_ticket) {
    uint32_t n;
    if (!r.u32(n)) return err::decode("early_data: truncated max_early_data_size");
    e.max_early_data_size = n;
  } else {
    e.early_data = true;
  }
  return {};
}

Result<void> parse_post_handshake_auth(Reader&, MessageKind, Extensions& e) {
  e.post_handshake_auth = true;  // §4.2.6: empty extension_data
  return {};
}

Result<void> parse_status_request(Reader& r, MessageKind, Extensions& e) {
  e.status_request = r.rest();
  (void)r.skip(r.remaining());
  return {};
}

Result<void> parse_sct(Reader& r, MessageKind, Extensions& e) {
  e.signed_certificate_timestamp = r.rest();
  (void)r.skip(r.remaining());
  return {};
}

// ---------------------------------------------------------------- emitters

void write_u16_list(Writer& w, int len_bytes, const std::vector<uint16_t>& v) {
  auto p = w.prefixed(len_bytes);
  for (uint16_t x : v) w.u16(x);
}

void write_key_share_entry(Writer& w, const KeyShareEntry& k) {
  w.u16(k.group);
  auto p = w.prefixed(2);
  w.bytes(k.key_exchange);
}

void emit_server_name(const Extensions& e, MessageKind kind, Writer& w) {
  if (kind != MessageKind::client_hello) return;  // the empty acknowledgement
  auto list = w.prefixed(2);
  w.u8(0);  // host_name
  auto name = w.prefixed(2);
  w.bytes({reinterpret_cast<const uint8_t*>(e.server_name->data()), e.server_name->size()});
}

void emit_key_share(const Extensions& e, MessageKind kind, Writer& w) {
  if (kind == MessageKind::hello_retry_request) {
    w.u16(*e.hrr_group);
  } else if (kind == MessageKind::server_hello) {
    write_key_share_entry(w, *e.server_share);
  } else {
    auto list = w.prefixed(2);
    for (const auto& k : *e.key_shares) write_key_share_entry(w, k);
  }
}

void emit_pre_shared_key(const Extensions& e, MessageKind kind, Writer& w) {
  if (kind == MessageKind::server_hello) {
    w.u16(*e.selected_psk);
    return;
  }
  {
    auto ids = w.prefixed(2);
    for (const auto& id : e.pre_shared_key->identities) {
      {
        auto p = w.prefixed(2);
        w.bytes(id.identity);
      }
      w.u32(id.obfuscated_ticket_age);
    }
  }
  auto binders = w.prefixed(2);
  for (const auto& b : e.pre_shared_key->binders) {
    auto p = w.prefixed(1);
    w.bytes(b);
  }
}

void emit_byte_list(Writer& w, int len_bytes, const std::vector<ByteView>& v, int item_len_bytes) {
  auto list = w.prefixed(len_bytes);
  for (const auto& x : v) {
    auto p = w.prefixed(item_len_bytes);
    w.bytes(x);
  }
}

// ---------------------------------------------------------------- the table

using ParseFn = Result<void> (*)(Reader&, MessageKind, Extensions&);
using PresentFn = bool (*)(const Extensions&, MessageKind);
using EmitFn = void (*)(const Extensions&, MessageKind, Writer&);

struct Row {
  ExtensionType type;
  uint8_t allowed;  // RFC 8446 §4.2 table
  ParseFn parse;    // nullptr: recognised but kept as a RawExtension
  PresentFn present;
  EmitFn emit;
};

bool is_client_hello(MessageKind k) { return k == MessageKind::client_hello; }

// RFC 8446 §4.2: "The table below indicates the messages where a given
// extension may appear". Rows in code-point order; the encoder falls back to
// this order for blocks that were not parsed.
constexpr std::array kTable = {
    Row{ExtensionType::server_name, CH | EE, parse_server_name,
        [](const Extensions& e, MessageKind) { return e.server_name.has_value(); }, emit_server_name},
    Row{ExtensionType::max_fragment_length, CH | EE, nullptr, nullptr, nullptr},
    Row{ExtensionType::status_request, CH | CR | CT, parse_status_request,
        [](const Extensions& e, MessageKind) { return e.status_request.has_value(); },
        [](const Extensions& e, MessageKind, Writer& w) { w.bytes(*e.status_request); }},
    Row{ExtensionType::supported_groups, CH | EE, parse_supported_groups,
        [](const Extensions& e, MessageKind) { return e.supported_groups.has_value(); },
        [](const Extensions& e, MessageKind, Writer& w) { write_u16_list(w, 2, *e.supported_groups); }},
    Row{ExtensionType::signature_algorithms, CH | CR, parse_signature_algorithms,
        [](const Extensions& e, MessageKind) { return e.signature_algorithms.has_value(); },
        [](const Extensions& e, MessageKind, Writer& w) { write_u16_list(w, 2, *e.signature_algorithms); }},
    Row{ExtensionType::use_srtp, CH | EE, nullptr, nullptr, nullptr},
    Row{ExtensionType::heartbeat, CH | EE, nullptr, nullptr, nullptr},
    Row{ExtensionType::alpn, CH | EE, parse_alpn, [](const Extensions& e, MessageKind) { return e.alpn.has_value(); },
        [](const Extensions& e, MessageKind, Writer& w) { emit_byte_list(w, 2, *e.alpn, 1); }},
    Row{ExtensionType::signed_certificate_timestamp, CH | CR | CT, parse_sct,
        [](const Extensions& e, MessageKind) { return e.signed_certificate_timestamp.has_value(); },
        [](const Extensions& e, MessageKind, Writer& w) { w.bytes(*e.signed_certificate_timestamp); }},
    Row{ExtensionType::client_certificate_type, CH | EE, nullptr, nullptr, nullptr},
    Row{ExtensionType::server_certificate_type, CH | EE, nullptr, nullptr, nullptr},
    Row{ExtensionType::padding, CH, parse_padding,
        [](const Extensions& e, MessageKind) { return e.padding.has_value(); },
        [](const Extensions& e, MessageKind, Writer& w) { w.zeros(*e.padding); }},
    Row{ExtensionType::pre_shared_key, CH | SH, parse_pre_shared_key,
        [](const Extensions& e, MessageKind k) {
          return is_client_hello(k) ? e.pre_shared_key.has_value() : e.selected_psk.has_value();
        },
        emit_pre_shared_key},
    Row{ExtensionType::early_data, CH | EE | NST, parse_early_data,
        [](const Extensions& e, MessageKind k) {
          return k == MessageKind::new_session_ticket ? e.max_early_data_size.has_value() : e.early_data;
        },
        [](const Extensions& e, MessageKind k, Writer& w) {
          if (k == MessageKind::new_session_ticket) w.u32(*e.max_early_data_size);
        }},
    Row{ExtensionType::supported_versions, CH | SH | HRR, parse_supported_versions,
        [](const Extensions& e, MessageKind k) {
          return is_client_hello(k) ? e.supported_versions.has_value() : e.selected_version.has_value();
        },
        [](const Extensions& e, MessageKind k, Writer& w) {
          if (is_client_hello(k)) {
            write_u16_list(w, 1, *e.supported_versions);
          } else {
            w.u16(*e.selected_version);
          }
        }},
    Row{ExtensionType::cookie, CH | HRR, parse_cookie,
        [](const Extensions& e, MessageKind) { return e.cookie.has_value(); },
        [](const Extensions& e, MessageKind, Writer& w) {
          auto p = w.prefixed(2);
          w.bytes(*e.cookie);
        }},
    Row{ExtensionType::psk_key_exchange_modes, CH, parse_psk_key_exchange_modes,
        [](const Extensions& e, MessageKind) { return e.psk_key_exchange_modes.has_value(); },
        [](const Extensions& e, MessageKind, Writer& w) {
          auto p = w.prefixed(1);
          w.bytes(*e.psk_key_exchange_modes);
        }},
    Row{ExtensionType::certificate_authorities, CH | CR, parse_certificate_authorities,
        [](const Extensions& e, MessageKind) { return e.certificate_authorities.has_value(); },
        [](const Extensions& e, MessageKind, Writer& w) { emit_byte_list(w, 2, *e.certificate_authorities, 2); }},
    Row{ExtensionType::oid_filters, CR, nullptr, nullptr, nullptr},
    Row{ExtensionType::post_handshake_auth, CH, parse_post_handshake_auth,
        [](const Extensions& e, MessageKind) { return e.post_handshake_auth; },
        [](const Extensions&, MessageKind, Writer&) {}},
    Row{ExtensionType::signature_algorithms_cert, CH | CR, parse_signature_algorithms_cert,
        [](const Extensions& e, MessageKind) { return e.signature_algorithms_cert.has_value(); },
        [](const Extensions& e, MessageKind, Writer& w) { write_u16_list(w, 2, *e.signature_algorithms_cert); }},
    Row{ExtensionType::key_share, CH | SH | HRR, parse_key_share,
        [](const Extensions& e, MessageKind k) {
          switch (k) {
            case MessageKind::client_hello: return e.key_shares.has_value();
            case MessageKind::server_hello: return e.server_share.has_value();
            default: return e.hrr_group.has_value();
          }
        },
        emit_key_share},
};

constexpr uint16_t code(ExtensionType t) { return static_cast<uint16_t>(t); }

const Row* find_row(uint16_t type) {
  for (const Row& r : kTable) {
    if (code(r.type) == type) return &r;
  }
  return nullptr;
}

size_t row_index(const Row* r) { return static_cast<size_t>(r - kTable.data()); }

// One `Extension`: extension_type, then extension_data<0..2^16-1>.
bool next_extension(Reader& r, uint16_t& type, ByteView& data) { return r.u16(type) && r.prefixed_bytes(2, data); }

}  // namespace

std::string_view message_name(MessageKind kind) {
  switch (kind) {
    case MessageKind::client_hello: return "ClientHello";
    case MessageKind::server_hello: return "ServerHello";
    case MessageKind::hello_retry_request: return "HelloRetryRequest";
    case MessageKind::encrypted_extensions: return "EncryptedExtensions";
    case MessageKind::certificate: return "Certificate";
    case MessageKind::certificate_request: return "CertificateRequest";
    case MessageKind::new_session_ticket: return "NewSessionTicket";
  }
  return "unknown";
}

bool extension_allowed(uint16_t type, MessageKind kind) {
  const Row* r = find_row(type);
  return r != nullptr && (r->allowed & bit(kind)) != 0;
}

size_t OfferedPsks::binders_size() const {
  size_t n = 2;
  for (const auto& b : binders) n += 1 + b.size();
  return n;
}

std::optional<uint16_t> Extensions::first_unsolicited(std::span<const uint16_t> sent) const {
  for (uint16_t t : order) {
    if (std::find(sent.begin(), sent.end(), t) == sent.end()) return t;
  }
  return std::nullopt;
}

Result<Extensions> parse_extensions(Reader& r, MessageKind kind) {
  Reader block;
  if (!r.prefixed(2, block)) {
    return err::decode("extensions: truncated extensions block", std::string(message_name(kind)));
  }
  // The block is read three times (count, types, bodies), so the type list
  // is allocated once and no list of bodies is needed.
  size_t count = 0;
  uint16_t type;
  ByteView data;
  for (Reader scan = block; !scan.empty(); ++count) {
    if (!next_extension(scan, type, data)) {
      return err::decode("extensions: truncated extension", std::string(message_name(kind)));
    }
  }
  Extensions e;
  e.order.reserve(count);
  for (Reader scan = block; next_extension(scan, type, data);) e.order.push_back(type);

  // §4.2: "There MUST NOT be more than one extension of the same type in a
  // given extension block."
  std::vector<uint16_t> sorted = e.order;
  std::sort(sorted.begin(), sorted.end());
  if (auto dup = std::adjacent_find(sorted.begin(), sorted.end()); dup != sorted.end()) {
    return err::illegal_parameter("extensions: duplicate extension type", where(kind, *dup));
  }

  // §4.2.11: pre_shared_key MUST be the last extension in the ClientHello;
  // servers MUST check this and fail with illegal_parameter.
  if (kind == MessageKind::client_hello) {
    auto psk = std::find(e.order.begin(), e.order.end(), code(ExtensionType::pre_shared_key));
    if (psk != e.order.end() && psk + 1 != e.order.end()) {
      return err::illegal_parameter("ClientHello: pre_shared_key is not the last extension");
    }
  }

  while (next_extension(block, type, data)) {
    const Row* row = find_row(type);
    if (row != nullptr && (row->allowed & bit(kind)) == 0) {
      // §4.2: a recognised extension in a message it is not specified for
      // MUST abort the handshake with illegal_parameter.
      return err::illegal_parameter("extensions: extension not allowed in this message", where(kind, type));
    }
    if (row == nullptr || row->parse == nullptr) {
      e.uninterpreted.push_back({type, data});
      continue;
    }
    Reader body(data);
    if (auto ok = row->parse(body, kind, e); !ok) {
      Error error = std::move(ok).error();
      error.detail = where(kind, type);
      return Unexpected(std::move(error));
    }
    if (!body.empty()) return err::decode("extensions: trailing bytes in extension_data", where(kind, type));
  }
  return e;
}

void encode_extensions(const Extensions& e, MessageKind kind, Writer& w) {
  auto block = w.prefixed(2);
  std::array<bool, kTable.size()> done{};
  const Row* psk = find_row(code(ExtensionType::pre_shared_key));
  done[row_index(psk)] = true;  // emitted last, below

  auto emit_row = [&](const Row& row) {
    size_t i = row_index(&row);
    if (done[i] || row.present == nullptr || (row.allowed & bit(kind)) == 0 || !row.present(e, kind)) return false;
    done[i] = true;
    w.u16(code(row.type));
    auto body = w.prefixed(2);
    row.emit(e, kind, w);
    return true;
  };
  auto emit_raw = [&](const RawExtension& x) {
    w.u16(x.type);
    auto body = w.prefixed(2);
    w.bytes(x.data);
  };

  // The received order first: uninterpreted entries are in that order too.
  size_t next_raw = 0;
  for (uint16_t type : e.order) {
    const Row* row = find_row(type);
    if (row != nullptr && emit_row(*row)) continue;
    if (next_raw < e.uninterpreted.size() && e.uninterpreted[next_raw].type == type) {
      emit_raw(e.uninterpreted[next_raw++]);
    }
  }
  for (const Row& row : kTable) emit_row(row);
  for (; next_raw < e.uninterpreted.size(); ++next_raw) emit_raw(e.uninterpreted[next_raw]);

  done[row_index(psk)] = false;
  emit_row(*psk);
}

}  // namespace parley::tls::wire
