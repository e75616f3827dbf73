// RFC 8448 key-schedule values and protected records, as lower-case hex
// (decode with test::hex). §3 simple 1-RTT (TLS_AES_128_GCM_SHA256, x25519),
// §4's resumption PSK and early secret, and §5 HelloRetryRequest (secp256r1).
// Handshake messages are in rfc8448_messages.h.
#pragma once

#include <string_view>

namespace parley::test::rfc8448 {

// ---------------------------------------------------------------- §3 secrets

// {server} extract secret "handshake": IKM, the x25519 shared secret.
inline constexpr std::string_view kSimpleEcdhe = "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d";
// {server} extract secret "early".
inline constexpr std::string_view kSimpleEarlySecret =
    "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a";
// {server} extract secret "handshake".
inline constexpr std::string_view kSimpleHandshakeSecret =
    "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac";
// derive secret "tls13 c hs traffic" / "tls13 s hs traffic": the hash, then the secrets.
inline constexpr std::string_view kSimpleHashToServerHello =
    "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8";
inline constexpr std::string_view kSimpleClientHsTraffic =
    "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21";
inline constexpr std::string_view kSimpleServerHsTraffic =
    "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38";
// {server} extract secret "master".
inline constexpr std::string_view kSimpleMasterSecret =
    "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919";
// derive secret "tls13 c ap traffic" etc.: the hash through the server Finished.
inline constexpr std::string_view kSimpleHashToServerFinished =
    "9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13";
inline constexpr std::string_view kSimpleClientApTraffic =
    "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5";
inline constexpr std::string_view kSimpleServerApTraffic =
    "a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643";
inline constexpr std::string_view kSimpleExporterMaster =
    "fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50";
// derive secret "tls13 res master": the hash through the client Finished, then the secret.
inline constexpr std::string_view kSimpleHashToClientFinished =
    "209145a96ee8e2a122ff810047cc952684658d6049e86429426db87c54ad143d";
inline constexpr std::string_view kSimpleResumptionMaster =
    "7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c";
// calculate finished "tls13 finished": finished keys and verify_data.
inline constexpr std::string_view kSimpleServerFinishedKey =
    "008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8";
inline constexpr std::string_view kSimpleServerVerifyData =
    "9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718";
inline constexpr std::string_view kSimpleClientFinishedKey =
    "b80ad01015fb2f0bd65ff7d4da5d6bf83f84821d1f87fdc7d3c75b5a7b42d9c4";
inline constexpr std::string_view kSimpleClientVerifyData =
    "a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61";

// derive write/read traffic keys for handshake and application data.
inline constexpr std::string_view kSimpleServerHsKey = "3fce516009c21727d0f2e4e86ee403bc";
inline constexpr std::string_view kSimpleServerHsIv = "5d313eb2671276ee13000b30";
inline constexpr std::string_view kSimpleClientHsKey = "dbfaa693d1762c5b666af5d950258d01";
inline constexpr std::string_view kSimpleClientHsIv = "5bd3c71b836e0b76bb73265f";
inline constexpr std::string_view kSimpleServerApKey = "9f02283b6c9c07efc26bb9f2ac92e356";
inline constexpr std::string_view kSimpleServerApIv = "cf782b88dd83549aadf1e984";
inline constexpr std::string_view kSimpleClientApKey = "17422dda596ed5d9acd890e3c63f5051";
inline constexpr std::string_view kSimpleClientApIv = "5b78923dee08579033e523d9";

// ---------------------------------------------------------------- §3 records

// {client} send handshake record: the ClientHello in a 0x0301 TLSPlaintext record.
inline constexpr std::string_view kSimpleClientHelloRecordHeader = "16030100c4";

// {server} send handshake record: EncryptedExtensions, Certificate,
// CertificateVerify and Finished under the server handshake keys (seq 0).
inline constexpr std::string_view kSimpleServerHandshakeRecord =
    "17030302a2d1ff334a56f5bff6594a07cc87b580233f500f45e489e7f33af35edf7869fcf40aa40aa2b8ea73f848a7ca"
    "07612ef9f945cb960b4068905123ea78b111b429ba9191cd05d2a389280f526134aadc7fc78c4b729df828b5ecf7b13b"
    "d9aefb0e57f271585b8ea9bb355c7c79020716cfb9b1183ef3ab20e37d57a6b9d7477609aee6e122a4cf51427325250c"
    "7d0e509289444c9b3a648f1d71035d2ed65b0e3cdd0cbae8bf2d0b227812cbb360987255cc744110c453baa4fcd61092"
    "8d809810e4b7ed1a8fd991f06aa6248204797e36a6a73b70a2559c09ead686945ba246ab66e5edd8044b4c6de3fcf2a8"
    "9441ac66272fd8fb330ef8190579b3684596c960bd596eea520a56a8d650f563aad27409960dca63d3e688611ea5e22f"
    "4415cf9538d51a200c27034272968a264ed6540c84838d89f72c24461aad6d26f59ecaba9acbbb317b66d902f4f292a3"
    "6ac1b639c637ce343117b659622245317b49eeda0c6258f100d7d961ffb138647e92ea330faeea6dfa31c7a84dc3bd7e"
    "1b7a6c7178af36879018e3f252107f243d243dc7339d5684c8b0378bf30244da8c87c843f5e56eb4c5e8280a2b48052c"
    "f93b16499a66db7cca71e4599426f7d461e66f99882bd89fc50800becca62d6c74116dbd2972fda1fa80f85df881edbe"
    "5a37668936b335583b599186dc5c6918a396fa48a181d6b6fa4f9d62d513afbb992f2b992f67f8afe67f76913fa388cb"
    "5630c8ca01e0c65d11c66a1e2ac4c85977b7c7a6999bbf10dc35ae69f5515614636c0b9b68c19ed2e31c0b3b66763038"
    "ebba42f3b38edc0399f3a9f23faa63978c317fc9fa66a73f60f0504de93b5b845e275592c12335ee340bbc4fddd50278"
    "4016e4b3be7ef04dda49f4b440a30cb5d2af939828fd4ae3794e44f94df5a631ede42c1719bfdabf0253fe5175be898e"
    "750edc53370d2b";

// {client} send handshake record: the client Finished under the client handshake keys (seq 0).
inline constexpr std::string_view kSimpleClientFinishedRecord =
    "170303003575ec4dc238cce60b298044a71e219c56cc77b0517fe9b93c7a4bfc44d87f38f80338ac98fc46deb384bd1c"
    "aeacab6867d726c40546";

// {server} send handshake record: NewSessionTicket under the server application keys (seq 0).
inline constexpr std::string_view kSimpleNewSessionTicketRecord =
    "17030300de3a6b8f90414a97d6959c3487680de5134a2b240e6cffac116e95d41d6af8f6b580dcf3d11d63c758db289a"
    "015940252f55713e061dc13e078891a38efbcf5753ad8ef170ad3c7353d16d9da773b9ca7f2b9fa1b6c0d4a3d03f75e0"
    "9c30ba1e62972ac46f75f7b981be63439b2999ce13064615139891d5e4c5b406f16e3fc181a77ca475840025db2f0a77"
    "f81b5ab05b94c01346755f69232c86519d86cbeeac87aac347d143f9605d64f650db4d023e70e952ca49fe5137121c74"
    "bc2697687e248746d6df353005f3bce18696129c8153556b3b6c6779b37bf15985684f";

// send application_data record: both sides send bytes 00..31 (50 bytes).
inline constexpr std::string_view kSimpleApplicationPayload =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
    "3031";
// {client}, client application keys, seq 0.
inline constexpr std::string_view kSimpleClientApplicationRecord =
    "1703030043a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f2b9819a8a5b46b395bd54a9a20441e2b"
    "62974e1f5a6292a2977014bd1e3deae63aeebb21694915e4";
// {server}, server application keys, seq 1 (after the NewSessionTicket).
inline constexpr std::string_view kSimpleServerApplicationRecord =
    "17030300432e937e11ef4ac740e538ad36005fc4a46932fc3225d05f82aa1b36e30efaf97d90e6dffc602dcb501a59a8"
    "fcc49c4bf2e5f0a21c0047c2abf332540dd032e167c2955d";
// send alert record: close_notify (01 00); client seq 1, server seq 2.
inline constexpr std::string_view kSimpleClientAlertRecord = "1703030013c9872760655666b74d7ff1153efd6db6d0b0e3";
inline constexpr std::string_view kSimpleServerAlertRecord = "1703030013b58fd67166ebf599d24720cfbe7efa7a8864a9";

// ---------------------------------------------------------------- §4

// {server} generate resumption secret "tls13 resumption": the PSK from
// resumption_master_secret with ticket_nonce 00 00; §4's early secret from it.
inline constexpr std::string_view kResumptionPsk = "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3";
inline constexpr std::string_view kResumedEarlySecret =
    "9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c";

// ---------------------------------------------------------------- §5 HelloRetryRequest

// {server} extract secret "handshake": IKM, the secp256r1 shared secret.
inline constexpr std::string_view kHrrEcdhe = "c142ce13ca11b5c2233652e63ad3d97844f1621fbfb9de69d547dc8fedeabeb4";
inline constexpr std::string_view kHrrHandshakeSecret =
    "ce022e5e6e81e50736d773f2d3adfce8220d049bf510f0dbfac927ef4243b148";
// The hash over message_hash(ClientHello1), HelloRetryRequest, ClientHello2, ServerHello.
inline constexpr std::string_view kHrrHashToServerHello =
    "8aa8e828ec2f8a884fec95a3139de01c15a3daa7ff5bfc3f4bfcc21b438d7bf8";
inline constexpr std::string_view kHrrClientHsTraffic =
    "158aa7ab8855073582b41d674b4055cabcc534728f659314861b4e08e2011566";
inline constexpr std::string_view kHrrServerHsTraffic =
    "3403e781e2af7b6508da28574f6e95a1abf162de83a97927c37672a4a0cef8a1";
inline constexpr std::string_view kHrrMasterSecret =
    "1131545d0baf79ddce9b87f06945781a57dd18ef378dcd2060f8f9a569027ed8";
inline constexpr std::string_view kHrrServerHsKey = "4646bfac1712c426cd78d8a24a8a6f6b";
inline constexpr std::string_view kHrrServerHsIv = "c7d395c08d62f297d13768ea";
inline constexpr std::string_view kHrrClientHsKey = "2f1f918663d590e7421149a29d94b0b6";
inline constexpr std::string_view kHrrClientHsIv = "414d5485235e1a688793bd74";
inline constexpr std::string_view kHrrServerFinishedKey =
    "e7f8bb3ea4b6c30c4710b3d09c3313658117e70b097e850368e2510ca5631f74";
inline constexpr std::string_view kHrrClientFinishedKey =
    "81be4131fbb9b6f4471450846f74fd1e68c5224ba7c2a8677f5c53ad226fdc13";

}  // namespace parley::test::rfc8448
