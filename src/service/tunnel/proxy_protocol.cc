#include "service/tunnel/proxy_protocol.h"

#include <algorithm>
#include <string_view>

#include "authz/patterns.h"
#include "parley/events.h"

namespace parley::tunnel {
namespace {

// proxy-protocol.txt §2.2.
constexpr uint8_t kSignature[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
constexpr uint8_t kVersion2Proxy = 0x21;
constexpr uint8_t kTcpOverIpv4 = 0x11;
constexpr uint8_t kTcpOverIpv6 = 0x21;
constexpr uint8_t kTypeAuthority = 0x02;
constexpr uint8_t kTypeSsl = 0x20;
constexpr uint8_t kSubtypeSslVersion = 0x21;
constexpr uint8_t kSubtypeSslCn = 0x22;
constexpr uint8_t kSubtypeSslCipher = 0x23;
constexpr uint8_t kClientSsl = 0x01;
constexpr uint8_t kClientCertConn = 0x02;

void put16(std::vector<uint8_t>& out, size_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

// A TLV's value is at most 65535 bytes; longer text is cut (names never are).
void tlv(std::vector<uint8_t>& out, uint8_t type, std::string_view value) {
  value = value.substr(0, 0xffff);
  out.push_back(type);
  put16(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
}

void address(std::vector<uint8_t>& out, const ::asio::ip::address& a, bool v6) {
  if (!v6) {
    auto b = a.to_v4().to_bytes();
    out.insert(out.end(), b.begin(), b.end());
    return;
  }
  auto b = a.is_v6() ? a.to_v6().to_bytes() : ::asio::ip::make_address_v6(::asio::ip::v4_mapped, a.to_v4()).to_bytes();
  out.insert(out.end(), b.begin(), b.end());
}

std::string common_name(std::string_view subject) {
  auto attrs = authz::parse_distinguished_name(subject);
  if (!attrs) return {};
  auto it = std::ranges::find_if(*attrs, [](const auto& a) { return a.first == "CN"; });
  return it == attrs->end() ? std::string{} : it->second;
}

}  // namespace

std::vector<uint8_t> proxy_v2_header(const ::asio::ip::tcp::endpoint& source, const ::asio::ip::tcp::endpoint& destination,
                                     const Negotiated& negotiated, const PeerIdentity* peer) {
  std::vector<uint8_t> out(std::begin(kSignature), std::end(kSignature));
  const bool v6 = source.address().is_v6() || destination.address().is_v6();
  out.push_back(kVersion2Proxy);
  out.push_back(v6 ? kTcpOverIpv6 : kTcpOverIpv4);
  const size_t length_at = out.size();
  put16(out, 0);  // patched below
  const size_t body_start = out.size();
  address(out, source.address(), v6);
  address(out, destination.address(), v6);
  put16(out, source.port());
  put16(out, destination.port());

  if (!negotiated.sni.empty()) tlv(out, kTypeAuthority, negotiated.sni);
  std::vector<uint8_t> ssl;
  ssl.push_back(peer ? kClientSsl | kClientCertConn : kClientSsl);
  ssl.insert(ssl.end(), {0, 0, 0, 0});  // verify: 0, the client's certificate verified
  tlv(ssl, kSubtypeSslVersion, "TLSv1.3");
  if (peer) {
    if (auto cn = common_name(peer->subject); !cn.empty()) tlv(ssl, kSubtypeSslCn, cn);
  }
  tlv(ssl, kSubtypeSslCipher, code_point_name(negotiated.suite));
  out.push_back(kTypeSsl);
  put16(out, ssl.size());
  out.insert(out.end(), ssl.begin(), ssl.end());
  if (peer) {
    auto spiffe = std::ranges::find_if(peer->uris, [](const std::string& u) { return u.starts_with("spiffe://"); });
    if (spiffe != peer->uris.end()) tlv(out, kTlvSpiffeId, *spiffe);
    tlv(out, kTlvSubject, peer->subject);
    if (!peer->authorized_by.empty()) tlv(out, kTlvRule, peer->authorized_by);
  }
  const size_t length = out.size() - body_start;
  out[length_at] = static_cast<uint8_t>(length >> 8);
  out[length_at + 1] = static_cast<uint8_t>(length);
  return out;
}

}  // namespace parley::tunnel
