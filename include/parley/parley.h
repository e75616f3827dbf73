// All of parley's public API in one include. Link parley::parley (CMake) or
// `pkg-config --cflags --libs parley`.
//
//   #include <parley/parley.h>
//   auto cfg = std::make_shared<parley::ClientConfig>();
//   cfg->trust_store = parley::load_trust_store("ca.pem").value();
//   auto conn = parley::Connection::client(cfg, parley::ServerName::parse("orders.internal").value()).value();
//   parley::io::BlockingDriver tls(fd, conn);   // then tls.handshake(), write_all(), read(), close()
//
//   error.h        Result<T>, Error, Alert
//   types.h        algorithm code points and names, IpAddress, the opaque certificate/key types
//   config.h       ClientConfig, ServerConfig, Identity
//   connection.h   Connection (sans I/O), ServerName, PeerIdentity, Negotiated
//   events.h       HandshakeObserver: one event per handshake step
//   io.h           BlockingDriver: a Connection over a socket
//   credentials.h  certificates, keys, trust stores, CRLs from PEM, DER, PKCS#12
//   x509.h         verify_chain(): chain verification with a report
//   ca.h           Authority: a private CA
#pragma once

#include <parley/authz.h>
#include <parley/ca.h>
#include <parley/config.h>
#include <parley/connection.h>
#include <parley/credentials.h>
#include <parley/error.h>
#include <parley/events.h>
#include <parley/io.h>
#include <parley/signer.h>
#include <parley/types.h>
#include <parley/x509.h>
