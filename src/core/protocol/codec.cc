#include "core/protocol/codec.h"

#include <array>
#include <type_traits>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/json/json_parser.h"
#include "core/protocol/field_reader.h"
#include "core/protocol/fields.h"
#include "core/protocol/utf8.h"

namespace sessioncore::protocol {
namespace {

absl::Status ProtocolError(std::string_view message) {
  return MakeError(ErrorCode::kProtocolError, ToAbsl(message));
}

// ---------------------------------------------------------------------------
// Frame parsing
// ---------------------------------------------------------------------------

absl::Status CheckFrameBytes(std::string_view text,
                             const DecodeLimits& limits) {
  if (text.size() > limits.max_frame_bytes) {
    return ProtocolError(absl::StrCat("frame of ", text.size(),
                                      " bytes exceeds the maximum frame size "
                                      "of ",
                                      limits.max_frame_bytes, " bytes"));
  }
  const size_t invalid = FindInvalidUtf8(text);
  if (invalid != text.size()) {
    constexpr char kHexDigits[] = "0123456789abcdef";
    const auto byte_value = static_cast<unsigned char>(text[invalid]);
    const char byte[] = {'0', 'x', kHexDigits[byte_value >> 4],
                         kHexDigits[byte_value & 0xF], '\0'};
    return ProtocolError(
        absl::StrCat("frame is not valid UTF-8: ill-formed "
                     "sequence starting with byte ",
                     byte, " at offset ", invalid));
  }
  return absl::OkStatus();
}

absl::StatusOr<Json> ParseFrame(std::string_view text,
                                const DecodeLimits& limits) {
  if (absl::Status status = CheckFrameBytes(text, limits); !status.ok()) {
    return status;
  }
  absl::StatusOr<Json> json = ParseJson(text, {limits.max_depth});
  if (!json.ok()) {
    return ProtocolError(
        absl::StrCat("frame is not valid JSON ", json.status().message()));
  }
  if (!json->IsObject()) {
    return ProtocolError(
        absl::StrCat("frame must be a JSON object, got ", json->TypeName()));
  }
  return json;
}

// ---------------------------------------------------------------------------
// Decoder tables: one entry per message type, built from the alternatives
// of ClientMessage and ServerMessage and their ReadFields() handlers.
// ---------------------------------------------------------------------------

template <typename Variant>
struct DecoderEntry {
  std::string_view type;
  void (*decode)(FieldReader& reader, Variant& out);
};

template <typename Variant, typename Message>
void DecodeAs(FieldReader& reader, Variant& out) {
  Message message;
  ReadFields(reader, message);
  out = std::move(message);
}

template <typename Variant, size_t... kIndex>
constexpr auto MakeDecoderTable(std::index_sequence<kIndex...>) {
  return std::array<DecoderEntry<Variant>, sizeof...(kIndex)>{
      {{std::variant_alternative_t<kIndex, Variant>::kType,
        &DecodeAs<Variant, std::variant_alternative_t<kIndex, Variant>>}...}};
}

template <typename Variant>
constexpr auto kDecoders = MakeDecoderTable<Variant>(
    std::make_index_sequence<std::variant_size_v<Variant>>());

template <typename Variant>
const DecoderEntry<Variant>* FindDecoder(std::string_view type) {
  for (const auto& entry : kDecoders<Variant>) {
    if (entry.type == type) return &entry;
  }
  return nullptr;
}

void ReadVersion(FieldReader& reader) {
  int64_t version = 0;
  reader.Read("v", version);
  if (reader.ok() && version != kProtocolVersion) {
    reader.Fail(
        "v", absl::StrCat("unsupported protocol version ", version,
                          "; this endpoint speaks version ", kProtocolVersion));
  }
}

// Reads `type` and the fields of the message that `type` names. `sender`
// ("client" or "server") goes into the unknown-type message.
template <typename Variant>
absl::Status DecodeMessage(FieldReader& reader, std::string_view sender,
                           Variant& out) {
  std::string type;
  reader.Read("type", type);
  if (!reader.ok()) return reader.Finish();
  const DecoderEntry<Variant>* entry = FindDecoder<Variant>(type);
  if (entry == nullptr) {
    reader.Fail("type", absl::StrCat(QuoteForMessage(type), " is not a ",
                                     ToAbsl(sender), " message type"));
    return reader.Finish();
  }
  entry->decode(reader, out);
  absl::Status status = reader.Finish();
  if (status.ok()) return status;
  return ProtocolError(
      absl::StrCat("invalid ", type, " message: ", status.message()));
}

// ---------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------

template <typename Message>
Json StartMessage(const Message&) {
  Json json = Json::Object();
  json["v"] = kProtocolVersion;
  json["type"] = Message::kType;
  return json;
}

// The index in ResponseResult of the result each request gets.
template <typename Request>
constexpr size_t ExpectedResultIndex(const Request&) {
  return 0;
}
constexpr size_t ExpectedResultIndex(const ConnectRequest&) { return 1; }
constexpr size_t ExpectedResultIndex(const ResumeRequest&) { return 1; }
constexpr size_t ExpectedResultIndex(const PublishRequest&) { return 2; }
constexpr size_t ExpectedResultIndex(const SubscribeRequest&) { return 3; }
constexpr size_t ExpectedResultIndex(const ReportIssueRequest&) { return 4; }

static_assert(
    std::is_same_v<std::variant_alternative_t<0, ResponseResult>, EmptyResult>);
static_assert(
    std::is_same_v<std::variant_alternative_t<1, ResponseResult>, Snapshot>);
static_assert(std::is_same_v<std::variant_alternative_t<2, ResponseResult>,
                             PublishResult>);
static_assert(std::is_same_v<std::variant_alternative_t<3, ResponseResult>,
                             SubscribeResult>);
static_assert(std::is_same_v<std::variant_alternative_t<4, ResponseResult>,
                             ReportIssueResult>);

}  // namespace

absl::StatusOr<ClientRequest> DecodeClientMessage(std::string_view text,
                                                  const DecodeLimits& limits) {
  absl::StatusOr<Json> json = ParseFrame(text, limits);
  if (!json.ok()) return json.status();
  FieldReader reader(*json, "");
  ReadVersion(reader);
  ClientRequest request;
  reader.Read("id", request.id, 1);
  absl::Status status = DecodeMessage(reader, "client", request.message);
  if (!status.ok()) return status;
  return request;
}

absl::StatusOr<ServerMessage> DecodeServerMessage(std::string_view text,
                                                  const DecodeLimits& limits) {
  absl::StatusOr<ServerFrame> frame = DecodeServerFrame(text, limits);
  if (!frame.ok()) return frame.status();
  return std::move(frame->message);
}

absl::StatusOr<ServerFrame> DecodeServerFrame(std::string_view text,
                                              const DecodeLimits& limits) {
  absl::StatusOr<Json> json = ParseFrame(text, limits);
  if (!json.ok()) return json.status();
  FieldReader reader(*json, "");
  ReadVersion(reader);
  ServerFrame frame;
  reader.ReadOptional("seq", frame.seq, 1);
  absl::Status status = DecodeMessage(reader, "server", frame.message);
  if (!status.ok()) return status;
  if (frame.seq != 0 && std::holds_alternative<Response>(frame.message)) {
    return ProtocolError(
        "invalid response message: seq: only a push carries a seq");
  }
  return frame;
}

std::optional<int64_t> FindRequestId(std::string_view text,
                                     const DecodeLimits& limits) {
  absl::StatusOr<Json> json = ParseFrame(text, limits);
  if (!json.ok()) return std::nullopt;
  const Json* id = json->Find("id");
  if (id == nullptr || !id->IsInteger() || id->AsInteger() <= 0) {
    return std::nullopt;
  }
  return id->AsInteger();
}

std::string Encode(const ClientRequest& request) {
  return std::visit(
      [&request](const auto& message) {
        Json json = StartMessage(message);
        json["id"] = request.id;
        WriteFields(json, message);
        return json.Dump();
      },
      request.message);
}

std::string Encode(const ServerMessage& message) {
  return std::visit(
      [](const auto& alternative) {
        Json json = StartMessage(alternative);
        WriteFields(json, alternative);
        return json.Dump();
      },
      message);
}

std::string EncodePush(const ServerMessage& push, int64_t seq) {
  return std::visit(
      [seq](const auto& alternative) {
        Json json = StartMessage(alternative);
        WriteFields(json, alternative);
        if (seq > 0) json["seq"] = seq;
        return json.Dump();
      },
      push);
}

std::string EncodeResult(int64_t id, const ResponseResult& result) {
  return Encode(Response{id, result});
}

std::string EncodeError(int64_t id, const absl::Status& status) {
  return Encode(Response{id, ToWireError(status)});
}

std::string_view MessageType(const ClientMessage& message) {
  return std::visit([](const auto& m) { return m.kType; }, message);
}

std::string_view MessageType(const ServerMessage& message) {
  return std::visit([](const auto& m) { return m.kType; }, message);
}

bool ResultMatchesRequest(const ClientMessage& request,
                          const ResponseResult& result) {
  return std::visit(
      [&result](const auto& m) {
        return ExpectedResultIndex(m) == result.index();
      },
      request);
}

absl::Status ToStatus(const WireError& error) {
  return MakeError(error.code, error.message);
}

WireError ToWireError(const absl::Status& status) {
  return WireError{GetErrorCode(status), std::string(status.message())};
}

}  // namespace sessioncore::protocol
