// parley inspect: OCSP responses (RFC 6960 §4.2.1), described as JSON and printed.
#pragma once

#include <nlohmann/json.hpp>

#include "x509/ocsp/response.h"

namespace parley::tools {

nlohmann::json describe_ocsp_response(const x509::ocsp::Response& r, int64_t now);
void print_ocsp_response(const nlohmann::json& j);

}  // namespace parley::tools
