// RFC 8448 §4 (Resumed 0-RTT Handshake), as lower-case hex (decode with
// test::hex): the inputs the RFC's parties draw (randoms, x25519 private
// keys), the derived secrets, and every record on the wire. §4 resumes the
// §3 session: its ticket is §3's NewSessionTicket (rfc8448_messages.h), its
// PSK kResumptionPsk (rfc8448_secrets.h). The ClientHello is
// kResumedClientHello (rfc8448_messages.h).
#pragma once

#include <string_view>

namespace parley::test::rfc8448 {

// ---------------------------------------------------------------- inputs

// {client} random, the ClientHello's (bytes 6..37).
inline constexpr std::string_view kResumedClientRandom =
    "1bc3ceb6bbe39cff938355b5a50adb6db21b7a6af649d7b4bc419d7876487d95";
// {client} create an ephemeral x25519 key pair: the private key.
inline constexpr std::string_view kResumedClientX25519Private =
    "bff91188283846dd6a2134ef7180ca2b0b14fb10dce707b5098c0dddc813b2df";
// {server} random, the ServerHello's.
inline constexpr std::string_view kResumedServerRandom =
    "3ccfd2dec890222763472ae8136777c9d7358777bb66e91ea5122495f559ea2d";
// {server} create an ephemeral x25519 key pair: the private key.
inline constexpr std::string_view kResumedServerX25519Private =
    "de5b4476e7b490b2652d338acbf2948066f255f9440e23b98fc69835298dc107";
// {client} send application_data record: the 0-RTT payload.
inline constexpr std::string_view kResumedEarlyPayload = "414243444546";

// ---------------------------------------------------------------- secrets

inline constexpr std::string_view kResumedClientEarlyTraffic =
    "3fbbe6a60deb66c30a32795aba0eff7eaa10105586e7be5c09678d63b6caab62";
inline constexpr std::string_view kResumedClientHsTraffic =
    "2faac08f851d35fea3604fcb4de82dc62c9b164a70974d0462e27f1ab278700f";
inline constexpr std::string_view kResumedServerHsTraffic =
    "fe927ae271312e8bf0275b581c54eef020450dc4ecffaa05a1a35d27518e7803";
inline constexpr std::string_view kResumedClientApTraffic =
    "2abbf2b8e381d23dbebe1dd2a7d16a8bf484cb4950d23fb7fb7fa8547062d9a1";
inline constexpr std::string_view kResumedServerApTraffic =
    "cc21f1bf8feb7dd5fa505bd9c4b468a9984d554a993dc49e6d285598fb672691";
inline constexpr std::string_view kResumedExporterMaster =
    "3fd93d4ffddc98e64b14dd107aedf8ee4add23f4510f58a4592d0b201bee56b4";

// ---------------------------------------------------------------- records

// {client} send application_data record: the early data under the client early traffic keys (seq 0).
inline constexpr std::string_view kResumedEarlyDataRecord = "1703030017ab1df420e75c457a7cc5d2844f76d5aee4b4edbf049be0";
// {server} send handshake record: the ServerHello (pre_shared_key selected_identity 0, key_share, supported_versions).
inline constexpr std::string_view kResumedServerHelloRecord =
    "16030300600200005c03033ccfd2dec890222763472ae8136777c9d7358777bb66e91ea5122495f559ea2d0013010000"
    "3400290002000000330024001d0020121761ee42c333e1b9e77b60dd57c2053cd94512ab47f115e86eff50942cea31"
    "002b00020304";
// {server} send handshake record: EncryptedExtensions (with early_data) and Finished, server handshake keys (seq 0).
inline constexpr std::string_view kResumedServerHandshakeRecord =
    "1703030061dc48237b4b879f50d0d4d262ea8b4716eb40ddc1eb957e11126e8a7149c2d012d37a7115957e64ce30008b"
    "9e0323f2c05a9c1c77b4f37849a695ab255060a33fee770ca95cb8486bfd0843b87024865ca35cc41c4e515c64dcb136"
    "9f98635bc7a5";
// {client} send handshake record: EndOfEarlyData under the client early traffic keys (seq 1).
inline constexpr std::string_view kResumedEndOfEarlyDataRecord = "1703030015aca6fc944841298df99593725f9bf9754429b12f09";
// {client} send handshake record: the client Finished under the client handshake keys (seq 0).
inline constexpr std::string_view kResumedClientFinishedRecord =
    "170303003500f8b467d14cf22a4b3f0b6ae0d8e6cc8d08e0db3515ef5c2bdf1922eafbb70009964716d834fb70c3d2a5"
    "6c5b1f5f6bdba6c333cf";
// send application_data record: bytes 00..31 as in §3 (kSimpleApplicationPayload).
inline constexpr std::string_view kResumedClientApplicationRecord =
    "1703030043b1cebce242aa201be9ae5e1cb2a9aa4b33d4e866af1edb068919237741aa031d7a74d491c99b9d4e232b74"
    "206bc6fbaa04fe78be44a9b4f54320a17eb76992afac3103";
inline constexpr std::string_view kResumedServerApplicationRecord =
    "1703030043275e9f20acff57bc000657d3867df039cccf79047884cf75771746f740b5a83f462a0954c3581393a203a2"
    "5a7dd14141ef1a37900cdb62ff62dee1ba39ab2590cbf194";
// send alert record: close_notify; client seq 1, server seq 1.
inline constexpr std::string_view kResumedClientAlertRecord = "17030300130facce3246bdfc6369838d6a82ae6de5d422dc";
inline constexpr std::string_view kResumedServerAlertRecord = "17030300135b18af444e8e1eec7158fb62d8f2577d37ba5d";

}  // namespace parley::test::rfc8448
