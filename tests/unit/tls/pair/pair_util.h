// In-memory client/server pairs with certificates minted in-process by
// src/ca (no files, no openssl CLI), and a pump that moves bytes between them.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ca/issuer.h"
#include "ca/names.h"
#include "ca/serial.h"
#include "ca/signing.h"
#include "parley/config.h"
#include "parley/connection.h"
#include "tls/connection.h"

namespace parley::pairtest {

inline const crypto::Provider& P() { return crypto::openssl_provider(); }

struct Key {
  std::shared_ptr<const crypto::PrivateKey> key;
};

inline std::shared_ptr<const crypto::PrivateKey> key_for(crypto::KeySpec spec) {
  static std::map<int, std::shared_ptr<const crypto::PrivateKey>> cache;
  auto& k = cache[static_cast<int>(spec)];
  if (!k) k = std::shared_ptr<const crypto::PrivateKey>(P().keys->generate(spec).value());
  return k;
}

struct Ca {
  std::shared_ptr<const crypto::PrivateKey> key;
  std::vector<uint8_t> subject, key_id;
  x509::CertificatePtr cert;
  std::shared_ptr<const x509::TrustStore> store() const { return x509::TrustStore::from_certificates({cert}); }
};

inline const int64_t kNow = crypto::openssl_provider().clock->unix_seconds();

inline Ca make_ca(const std::string& cn, crypto::KeySpec spec = crypto::KeySpec::ec_p256) {
  Ca ca;
  ca.key = P().keys->generate(spec).value();
  ca.subject = ca::build_cn_name(cn).value();
  auto spki = ca.key->public_key().spki_der();
  ca.key_id = ca::key_identifier(*P().sha256, spki).value();
  ca::CertificateTemplate t;
  t.profile = ca::Profile::root;
  t.serial = ca::random_serial(*P().rng);
  t.subject = ca.subject;
  t.spki.assign(spki.begin(), spki.end());
  t.not_before = kNow - 86400;
  t.not_after = kNow + 365 * 86400;
  auto der = ca::build_certificate(t, {ca.subject, ca.key_id, ca.key.get()}, *P().sha256).value();
  ca.cert = x509::Certificate::parse(der).value();
  return ca;
}

struct LeafSpec {
  std::string cn = "leaf";
  std::vector<std::string> sans = {"dns:server.test"};
  ca::Profile profile = ca::Profile::server;
  int64_t not_before = kNow - 3600;
  int64_t not_after = kNow + 30 * 86400;
};

inline Identity make_leaf(const Ca& ca, std::shared_ptr<const crypto::PrivateKey> key, const LeafSpec& s = {}) {
  ca::CertificateTemplate t;
  t.profile = s.profile;
  t.serial = ca::random_serial(*P().rng);
  t.subject = ca::build_cn_name(s.cn).value();
  auto spki = key->public_key().spki_der();
  t.spki.assign(spki.begin(), spki.end());
  for (const auto& san : s.sans) t.sans.push_back(ca::parse_san(san).value());
  t.not_before = s.not_before;
  t.not_after = s.not_after;
  auto der = ca::build_certificate(t, {ca.subject, ca.key_id, ca.key.get()}, *P().sha256).value();
  return Identity{{x509::Certificate::parse(der).value()}, std::move(key)};
}

// Moves what `to` takes of what `from` has pending (feed() stops while
// kMaxUnreadPlaintext bytes wait unread). Returns false when nothing moved.
inline bool transfer(Connection& from, Connection& to) {
  auto out = from.pending_output();
  if (out.empty()) return false;
  auto taken = to.feed(out);
  const size_t n = taken ? *taken : out.size();  // a failed feed() took everything it will ever take
  from.consume_output(n);
  return n > 0;
}

// Until neither side has anything to send.
inline void pump(Connection& c, Connection& s) {
  for (int i = 0; i < 64; ++i) {
    bool moved = transfer(c, s);
    moved = transfer(s, c) || moved;
    if (!moved) return;
  }
}

struct ConnectionPair {
  Connection client;
  Connection server;
};

// A client for `name` and a server, before any byte has moved.
inline ConnectionPair connect(std::shared_ptr<const ClientConfig> c, std::shared_ptr<const ServerConfig> s,
                              const std::string& name = "server.test") {
  return ConnectionPair{Connection::client(std::move(c), ServerName::parse(name).value()).value(),
                        Connection::server(std::move(s)).value()};
}

// A client and a server after pump() over a fresh CA: one ECDSA P-256
// identity for "server.test", the provider's suites unless one is named.
// The callers assert that the handshake succeeded.
using EstablishedPair = ConnectionPair;
inline EstablishedPair established_pair(const std::string& ca_name, std::optional<crypto::Suite> suite = {}) {
  const Ca ca = make_ca(ca_name);
  auto scfg = std::make_shared<ServerConfig>();
  scfg->identities.push_back(make_leaf(ca, key_for(crypto::KeySpec::ec_p256)));
  if (suite) scfg->suites = {*suite};
  auto ccfg = std::make_shared<ClientConfig>();
  ccfg->trust_store = ca.store();
  EstablishedPair p{Connection::client(ccfg, ServerName::parse("server.test").value()).value(),
                    Connection::server(scfg).value()};
  pump(p.client, p.server);
  return p;
}

// The alert a connection failed with (sent) or received.
inline std::optional<Alert> alert_of(const Connection& c) {
  return c.error() ? c.error()->alert : std::nullopt;
}

}  // namespace parley::pairtest
