// URI SAN patterns (parley/authz.h). Only scheme and authority are case
// insensitive (RFC 3986 §6.2.2.1); the path is compared as bytes, with no
// percent-decoding and no dot-segment removal: a URI that would need either
// to be compared is not one we match (SPIFFE-ID §2.3 forbids both).
#include <algorithm>
#include <cctype>
#include <optional>

#include "authz/patterns.h"
#include "authz/text.h"

namespace parley::authz {
namespace {

struct SplitUri {
  std::string origin;  // lower case
  std::vector<std::string_view> segments;
};

// scheme://authority[/path]; nullopt for anything else.
std::optional<SplitUri> split(std::string_view uri) {
  auto colon = uri.find("://");
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  auto scheme = uri.substr(0, colon);
  if (!std::isalpha(static_cast<unsigned char>(scheme.front()))) return std::nullopt;
  for (char c : scheme) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return std::nullopt;
  }
  auto rest = uri.substr(colon + 3);
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  SplitUri out{lower(uri.substr(0, colon + 3 + authority.size())), {}};
  if (slash == std::string_view::npos) return out;
  for (auto path = rest.substr(slash + 1);;) {
    auto next = path.find('/');
    out.segments.push_back(path.substr(0, next));
    if (next == std::string_view::npos) break;
    path = path.substr(next + 1);
  }
  return out;
}

// A segment we compare: non-empty, not a dot segment (RFC 3986 §5.2.4), and
// nothing that would need decoding or ends the path.
bool plain_segment(std::string_view s) {
  if (s.empty() || s == "." || s == "..") return false;
  return s.find_first_of("%?#") == std::string_view::npos;
}

}  // namespace

Result<UriPattern> UriPattern::parse(std::string_view pattern) {
  auto parts = split(pattern);
  if (!parts) {
    return err::make(Error::Kind::ApiMisuse, std::nullopt, "URI rule: expected scheme://authority/path",
                     "found '" + std::string(pattern) + "'");
  }
  if (parts->origin.find_first_of("*%?#") != std::string::npos) {
    return err::make(Error::Kind::ApiMisuse, std::nullopt,
                     "URI rule: the scheme and authority (the SPIFFE trust domain) are matched exactly; no wildcard",
                     std::string(pattern));
  }
  UriPattern p;
  p.origin_ = std::move(parts->origin);
  for (size_t i = 0; i < parts->segments.size(); ++i) {
    auto s = parts->segments[i];
    bool last = i + 1 == parts->segments.size();
    if (s == "**" && !last) {
      return err::make(Error::Kind::ApiMisuse, std::nullopt, "URI rule: '**' may only be the last segment",
                       std::string(pattern));
    }
    if (s != "*" && s != "**" && (!plain_segment(s) || s.find('*') != std::string_view::npos)) {
      return err::make(Error::Kind::ApiMisuse, std::nullopt,
                       "URI rule: each path segment is non-empty text without '%', '?', '#' or '.'/'..', "
                       "or exactly '*' (one segment) or a final '**' (one or more)",
                       "found '" + std::string(s) + "' in " + std::string(pattern));
    }
    p.segments_.emplace_back(s);
  }
  return p;
}

bool UriPattern::matches(std::string_view uri) const {
  auto parts = split(uri);
  if (!parts || parts->origin != origin_) return false;
  const auto& have = parts->segments;
  if (!std::ranges::all_of(have, plain_segment)) return false;
  for (size_t i = 0; i < segments_.size(); ++i) {
    if (segments_[i] == "**") return have.size() > i;
    if (i >= have.size()) return false;
    if (segments_[i] != "*" && segments_[i] != have[i]) return false;
  }
  return have.size() == segments_.size();
}

}  // namespace parley::authz
