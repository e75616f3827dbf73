// A temporary directory and an in-memory CA with a server and a client
// certificate, written out as the files people have. Public headers only.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <parley/ca.h>
#include <parley/connection.h>
#include <parley/x509.h>

namespace parley::api_testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "parley-api-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (std::filesystem::path(path_) / name).string(); }
  std::string write(const std::string& name, std::string_view content) const {
    std::ofstream(file(name), std::ios::binary) << content;
    return file(name);
  }

 private:
  std::string path_;
};

inline Authority make_authority() {
  AuthorityOptions options;
  options.name = "API Test Root CA";
  auto ca = Authority::in_memory(options);
  if (!ca) {
    ADD_FAILURE() << ca.error().message();
    std::abort();
  }
  return std::move(*ca);
}

inline Issued issue(Authority& ca, Profile profile, std::vector<std::string> names) {
  IssueRequest request;
  request.profile = profile;
  request.names = std::move(names);
  auto issued = ca.issue(request);
  if (!issued) {
    ADD_FAILURE() << issued.error().message();
    std::abort();
  }
  return std::move(*issued);
}

// Chain options for a name (and a time or CRLs), without designated initializers.
inline ChainOptions for_name(std::string name) {
  ChainOptions o;
  o.name = std::move(name);
  return o;
}

// Moves bytes both ways between two in-memory Connections until neither side
// has any to send (bounded).
inline void pump(Connection& a, Connection& b) {
  for (int round = 0; round < 20; ++round) {
    bool moved = false;
    for (auto [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
      auto out = from->pending_output();
      if (out.empty()) continue;
      moved = true;
      std::vector<uint8_t> bytes(out.begin(), out.end());
      from->consume_output(bytes.size());
      (void)to->feed(bytes);
    }
    if (!moved) return;
  }
  ADD_FAILURE() << "the handshake did not settle in 20 rounds";
}

}  // namespace parley::api_testing
