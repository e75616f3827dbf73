// RFC 8448 §5 (HelloRetryRequest) beyond the ServerHello, as lower-case hex
// (decode with test::hex): the server's protected flight, its messages, the
// client Finished record and the close_notify records. The ClientHellos,
// HelloRetryRequest and ServerHello are in rfc8448_messages.h, the secrets in
// rfc8448_secrets.h. The server Certificate is §3's (kSimpleCertificate).
// Transcribed from Botan's src/tests/data/tls_13_rfc8448/transcripts.vec
// ([HelloRetryRequest_Handshake]), itself a transcription of the RFC; lengths
// checked against the record and handshake headers, and the replay checks
// every protected record byte for byte (an AEAD tag cannot survive a typo).
#pragma once

#include <string_view>

namespace parley::test::rfc8448 {

// RFC 8448 §5 {server} EncryptedExtensions (28 octets).
inline constexpr std::string_view kHrrEncryptedExtensions = "080000180016000a0008000600170018001d001c0002400100000000";

// RFC 8448 §5 {server} CertificateVerify, rsa_pss_rsae_sha256 (136 octets).
inline constexpr std::string_view kHrrCertificateVerify =
    "0f0000840804008033ab13d4462707231b5dcae6c8190b63d1dabc74f28c395370da0b07e5b83066d0246a31acd95df4"
    "75bfd799a4a70d33ad93d3a317a9b2c0d237a5685b219e774112e391a247607d1aeff1bbd0a39f382ee1a5fe88ae99ec"
    "59228e6497e45d48ce275a6d5ef40d169fb6f9d33b052ed3dcdd6b5a48baafffbcb290128415bd38";

// RFC 8448 §5 {server} Finished (36 octets).
inline constexpr std::string_view kHrrServerFinished = "140000208863e6bfb0420a927fa27f34336a70ae426e968e3eb884945b96856dba3976d1";

// RFC 8448 §5 transcript hash through the server Certificate (signed by the CertificateVerify) (32 octets).
inline constexpr std::string_view kHrrHashToCertificate = "a303fd397938c2b5c3fb0dfb33bd6c46d890331e3be5ed3b8ea2be5218c3db1a";

// RFC 8448 §5 {server} send handshake record: EE, Certificate, CertificateVerify, Finished (server hs keys, seq 0) (667 octets).
inline constexpr std::string_view kHrrServerHandshakeRecord =
    "170303029699bee20baf5b7fc727bfab6223928a381e6d0cf9c4da653f9d2a7b23f7de11cce842d5cf75631763450ffb"
    "8b0cc1d238e658af7a12adc86243114ab14a1da2fae42621ce483fb6242eabfaad52566b02b31d2eddedefeb80e66a99"
    "00d5f973b40c4fdf74719ecf1b68d7f9c3b6ceb903ca13dd1bb8f8187ae33417e1d152522c5822a1a03ad52c838c5595"
    "3d610222874cce8e1790b229a2aa0b53c8d377ee720182951dc6181dc5d90bd1f0105ed1e84aa5f75957c6661897079e"
    "5ea5007449e3197bdc7c9beeedddeafdd844afa5c315ecfe65e576afe909812880620ec7048b42d7f5c78d76f299d6d8"
    "2534bdd8f512febc0ed3814aca470cd8000d3e1cb9962b052fbb950df683a52c2ba77ed3713b122937a6e5170964e2ab"
    "7969dcd980b3db9b458da7603124d6dc005e4d6e04b4d0c4baf3275db827dbba0a6db09672171fc057b3851d7e026841"
    "e2978fbd2346bbefdd0376bb1108fe9acc92189f5650aa5e85d8e8c7b67ac510dba003d3d7e16350bb66d45013efd44c"
    "9b607c0d318c4c7d1a1f5cbc57e20611804e3787d7b4a4b5f08ed8fd70bdaeade02260b12ab842ef690b4a3ee7911e84"
    "1b374ecd5ebbbc2a54d047b600336dd7d0c88b4bc10e58ee6cb656de7247fa20d8e91deb84628608cf80615b62e96c14"
    "91c7ac3755eb6901405d3474fe1ac79d106a0cee56c2577fc88480f96cb6b8c681b7b68b53c146093908f350888175bd"
    "fb0b1e31ad61e30ba0adfe6d223aa03c0783b5001a57587c328a9afcfcfb978d1cd4328f7d9d60530e630befd96c0c81"
    "6ee20b0100768ae2a6df51fc68f172740a79af11398ee3be1252491fa9c693479e877f94ab7c5f8cad480203e6ab7b87"
    "dd71e8a0729113df17f5eee86ce108d1d72007ec1cd13c85a6c149621e77b7d78d805a30f0be030c315e54";

// RFC 8448 §5 {client} send handshake record: Finished (client hs keys, seq 0) (58 octets).
inline constexpr std::string_view kHrrClientFinishedRecord =
    "1703030035d74f1923c662fd34137c6f502f3dd2b93d951d1b3bc97e42afe23c31abea92fe91b474999e85e3b791ce25"
    "2fe8c3e9f939a4120cb2";

// RFC 8448 §5 {client} send alert record: close_notify (client application keys, seq 0) (24 octets).
inline constexpr std::string_view kHrrClientAlertRecord = "17030300132ea6cdf749196023e2b3a49491695536426047";

// RFC 8448 §5 {server} send alert record: close_notify (server application keys, seq 0) (24 octets).
inline constexpr std::string_view kHrrServerAlertRecord = "1703030013519fc5075cb0884349759ff9ef6f011bb4c6f2";

}  // namespace parley::test::rfc8448
