// The illustrated page of one connection: a self-contained HTML document
// (inline CSS and JS, a Content-Security-Policy that forbids every fetch)
// rendered from a session document (session.h). Every string from the
// document is escaped: certificate names and ALPN come from the peer.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace parley::trace {

std::string render_html(const nlohmann::json& document);

// &, <, >, " and ' as character references.
std::string escape_html(std::string_view text);

}  // namespace parley::trace
