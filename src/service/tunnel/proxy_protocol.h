// The PROXY protocol version 2 header (haproxy's proxy-protocol.txt §2.2)
// that `--proxy-protocol` sends to the target before the client's bytes, so a
// backend behind the tunnel knows the client's address and verified identity.
//
// Layout: the 12-byte signature, 0x21 (version 2, PROXY), 0x11 (TCP over
// IPv4) or 0x21 (TCP over IPv6; an IPv4 address beside an IPv6 one is sent
// IPv4-mapped), the length, source and destination addresses and ports, then
// TLVs:
//   0x02 PP2_TYPE_AUTHORITY  the SNI the client asked for (when it sent one)
//   0x20 PP2_TYPE_SSL        client = PP2_CLIENT_SSL | PP2_CLIENT_CERT_CONN, verify = 0 (verified), with
//                            sub-TLVs 0x21 SSL_VERSION ("TLSv1.3"), 0x22 SSL_CN (the subject's CN, when
//                            there is one), 0x23 SSL_CIPHER (the suite's RFC name)
//   0xE0 (custom)            the client's SPIFFE ID: its first URI SAN with the spiffe scheme
//   0xE1 (custom)            the client's subject, RFC 4514
//   0xE2 (custom)            the identity rule that admitted the client
#pragma once

#include <asio/ip/tcp.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "parley/connection.h"

namespace parley::tunnel {

inline constexpr uint8_t kTlvSpiffeId = 0xE0;
inline constexpr uint8_t kTlvSubject = 0xE1;
inline constexpr uint8_t kTlvRule = 0xE2;

std::vector<uint8_t> proxy_v2_header(const ::asio::ip::tcp::endpoint& source, const ::asio::ip::tcp::endpoint& destination,
                                     const Negotiated& negotiated, const PeerIdentity* peer);

}  // namespace parley::tunnel
