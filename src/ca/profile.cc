#include "ca/profile.h"

#include <string>

#include "ca/duration.h"
#include "x509/certificate.h"

namespace parley::ca {
namespace {

using namespace x509;

// Leaves: a hard cap of 825 days (the longest the CA/Browser Forum ever
// allowed, still honoured by some clients); ca.json's max_validity (397 days by
// default) is the usual limit. The default is 90 days, as ACME CAs issue.
constexpr ProfileRules kServer{false, std::nullopt, kDigitalSignature, true, false, 825 * kDay, 90 * kDay};
constexpr ProfileRules kClient{false, std::nullopt, kDigitalSignature, false, true, 825 * kDay, 90 * kDay};
constexpr ProfileRules kServerClient{false, std::nullopt, kDigitalSignature, true, true, 825 * kDay, 90 * kDay};
constexpr ProfileRules kIntermediate{true, 0, kKeyCertSign | kCrlSign, false, false, 20 * kYear, 3 * kYear};
// A delegated OCSP signer is renewed at half its life (ca/ocsp/delegated_signer.h).
constexpr ProfileRules kOcspSigning{false, std::nullopt, kDigitalSignature, false, false, 30 * kDay, 4 * kDay, true};
constexpr ProfileRules kRoot{true, std::nullopt, kKeyCertSign | kCrlSign, false, false, 50 * kYear, 10 * kYear};

}  // namespace

std::string_view profile_name(Profile p) {
  switch (p) {
    case Profile::server: return "server";
    case Profile::client: return "client";
    case Profile::server_client: return "server+client";
    case Profile::intermediate: return "intermediate";
    case Profile::root: return "root";
    case Profile::ocsp_signing: return "ocsp-signing";
  }
  return "unknown";
}

std::optional<Profile> profile_from_name(std::string_view name) {
  for (Profile p : {Profile::server, Profile::client, Profile::server_client, Profile::intermediate, Profile::root,
                    Profile::ocsp_signing}) {
    if (profile_name(p) == name) return p;
  }
  return std::nullopt;
}

Result<Profile> parse_leaf_profile(std::string_view name) {
  auto p = profile_from_name(name);
  if (!p || !is_leaf(*p)) return err::api("unknown profile: use server, client or server+client", std::string(name));
  return *p;
}

const ProfileRules& rules(Profile p) {
  switch (p) {
    case Profile::server: return kServer;
    case Profile::client: return kClient;
    case Profile::server_client: return kServerClient;
    case Profile::intermediate: return kIntermediate;
    case Profile::root: return kRoot;
    case Profile::ocsp_signing: return kOcspSigning;
  }
  return kServer;
}

bool is_leaf(Profile p) { return p == Profile::server || p == Profile::client || p == Profile::server_client; }

}  // namespace parley::ca
