# OCSP (RFC 6960): CertID, the response parser and checker, the request
# builder; included by CMakeLists.txt in this folder.
list(APPEND PARLEY_X509_SOURCES
  ocsp/cert_id.cc
  ocsp/response.cc
  ocsp/check.cc
  ocsp/request.cc
  ocsp/staple.cc)
