// Credentials from the files people have: certificates, private keys, trust
// anchors and CRLs in PEM or DER, and PKCS#12 key stores.
//
//   auto server = std::make_shared<parley::ServerConfig>();
//   server->identities.push_back(parley::load_identity("server.pem", "server.key").value());
//   server->client_ca = parley::load_trust_store("ca.pem").value();
//   server->crls = parley::load_crls({"ca.crl"}).value();
//
// Every error names the file and what was expected in it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <parley/config.h>
#include <parley/error.h>
#include <parley/types.h>

namespace parley {

// Every CERTIFICATE block of a PEM file, in order (a chain: leaf first), or one DER certificate.
Result<std::vector<x509::CertificatePtr>> load_certificates(const std::string& path);
Result<std::vector<x509::CertificatePtr>> parse_certificates(std::span<const uint8_t> pem_or_der);

// A private key: PKCS#8 ("PRIVATE KEY"), encrypted PKCS#8 ("ENCRYPTED PRIVATE
// KEY", needs the passphrase), SEC1 ("EC PRIVATE KEY") or PKCS#1 ("RSA
// PRIVATE KEY"), in PEM or DER.
Result<std::shared_ptr<const crypto::PrivateKey>> load_private_key(
    const std::string& path, std::optional<std::string_view> passphrase = std::nullopt);
// The key as PKCS#8 PEM, encrypted (PBES2, AES-256-CBC) when a passphrase is given.
Result<std::string> private_key_pem(const crypto::PrivateKey& key, std::optional<std::string_view> passphrase);

// A certificate chain file (leaf first) and its private key.
Result<Identity> load_identity(const std::string& chain_path, const std::string& key_path,
                               std::optional<std::string_view> passphrase = std::nullopt);
// The key and chain of a PKCS#12 file (.p12, .pfx), as `parley ca export` writes.
Result<Identity> load_pkcs12_identity(const std::string& path, std::string_view passphrase);

// Trust anchors: a PEM bundle, one DER certificate, a directory of PEM files,
// or (empty path) the system store.
Result<std::shared_ptr<const x509::TrustStore>> load_trust_store(const std::string& path);
// Every certificate of a PKCS#12 file as a trust anchor (a Java-style trust store).
Result<std::shared_ptr<const x509::TrustStore>> load_pkcs12_trust_store(const std::string& path,
                                                                       std::string_view passphrase);
// Anchors already in hand.
std::shared_ptr<const x509::TrustStore> trust_store_of(std::vector<x509::CertificatePtr> anchors);

// Every "X509 CRL" block of each file (or each file as one DER CRL).
Result<std::vector<x509::CrlPtr>> load_crls(const std::vector<std::string>& paths);

// An OCSP response (DER) checked for stapling with `identity`'s leaf at `now`
// (Unix seconds), for ServerConfig::ocsp_staples: it must answer for the leaf
// and be current. With the
// issuer (the chain's second certificate, or `issuer`) it is checked fully
// (signature, responder authority, RFC 6960 §3.2); without, only the serial,
// the issuer name hash and the time window can be.
Result<std::shared_ptr<const OcspStaple>> make_ocsp_staple(const Identity& identity, std::span<const uint8_t> der,
                                                           int64_t now, x509::CertificatePtr issuer = nullptr);

}  // namespace parley
