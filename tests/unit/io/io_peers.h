// A client and a server config under one in-process CA (server.test, ECDSA
// P-256), for the socket driver, stream and server tests.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "unit/tls/pair/pair_util.h"

namespace parley::iotest {

struct Peers {
  pairtest::Ca ca = pairtest::make_ca("io test CA");
  Identity leaf = pairtest::make_leaf(ca, pairtest::key_for(crypto::KeySpec::ec_p256));
  std::shared_ptr<ClientConfig> client = std::make_shared<ClientConfig>();
  std::shared_ptr<ServerConfig> server = std::make_shared<ServerConfig>();
  Peers() {
    client->trust_store = ca.store();
    server->identities.push_back(leaf);
  }
  Connection make_client() const { return Connection::client(client, ServerName::parse("server.test").value()).value(); }
  Connection make_server() const { return Connection::server(server).value(); }
};

// n bytes of a pattern that does not repeat every record, so a record lost,
// repeated or reordered in a burst shows.
inline std::vector<uint8_t> counting_bytes(size_t n) {
  std::vector<uint8_t> data(n);
  for (size_t i = 0; i < n; ++i) data[i] = static_cast<uint8_t>(i * 7 + i / 251);
  return data;
}

// A Signer that answers later (an HSM, a remote key service): its signature
// is ready `delay` after it was asked, and it counts how often it was polled.
class LateSigner final : public crypto::Signer {
 public:
  LateSigner(std::shared_ptr<const crypto::Signer> key, std::chrono::milliseconds delay)
      : key_(std::move(key)), delay_(delay) {}
  crypto::KeyType type() const override { return key_->type(); }
  Result<crypto::SignatureJob> start_signing(crypto::SignatureScheme scheme,
                                             std::span<const uint8_t> content) const override {
    auto ready = std::chrono::steady_clock::now() + delay_;
    auto signed_now = PARLEY_TRY(key_->start_signing(scheme, content));  // the in-memory key signs at once
    return crypto::SignatureJob(
        std::make_unique<Pending>(std::get<crypto::Bytes>(std::move(signed_now)), ready, polls_));
  }
  int polls() const { return *polls_; }

 private:
  class Pending final : public crypto::PendingSignature {
   public:
    Pending(crypto::Bytes sig, std::chrono::steady_clock::time_point ready, std::shared_ptr<int> polls)
        : sig_(std::move(sig)), ready_(ready), polls_(std::move(polls)) {}
    Result<std::optional<crypto::Bytes>> poll() override {
      ++*polls_;
      if (std::chrono::steady_clock::now() < ready_) return std::optional<crypto::Bytes>{};
      return std::optional<crypto::Bytes>(sig_);
    }

   private:
    crypto::Bytes sig_;
    std::chrono::steady_clock::time_point ready_;
    std::shared_ptr<int> polls_;
  };
  std::shared_ptr<const crypto::Signer> key_;
  std::chrono::milliseconds delay_;
  std::shared_ptr<int> polls_ = std::make_shared<int>(0);
};

}  // namespace parley::iotest
