// Encoding and strict decoding of wire protocol v1 messages (see
// core/protocol/messages.h for the structs and docs/protocol.md for the
// JSON of each message).
//
// Both the browser client (WebAssembly, exceptions off) and the native
// server use this codec, so both sides agree on what a valid message is.
// Decoding is strict: any of the following makes a decode function return
// a kProtocolError status whose message names the field or value and the
// rule it broke:
//   - a frame longer than DecodeLimits::max_frame_bytes,
//   - bytes that are not valid UTF-8, or text that is not JSON,
//   - JSON that is not an object, or nesting deeper than max_depth,
//   - `v` missing or not 1, `type` missing or unknown,
//   - a required field missing, a field of the wrong JSON type, an integer
//     out of range, an enum string that is not one of its names,
//   - a field the message does not define.
#ifndef SESSIONCORE_CORE_PROTOCOL_CODEC_H_
#define SESSIONCORE_CORE_PROTOCOL_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/protocol/messages.h"

namespace sessioncore::protocol {

// The default maximum size of one client frame, in bytes.
inline constexpr size_t kDefaultMaxFrameBytes = 65536;

// The default maximum size of one server frame, in bytes. It is larger
// because the Snapshot grows with the session: about 410 bytes per stream
// with its connection, so 1,000 streams take about 412 kB.
inline constexpr size_t kDefaultMaxServerFrameBytes = 4 * 1024 * 1024;

// The default maximum nesting depth of arrays and objects in one frame. The
// deepest valid message (a Snapshot) nests 5 levels.
inline constexpr int kDefaultMaxDepth = 16;

// Limits that a decoder enforces before it looks at the content.
struct DecodeLimits {
  size_t max_frame_bytes = kDefaultMaxFrameBytes;
  int max_depth = kDefaultMaxDepth;
};

// The default limits of DecodeServerMessage().
inline constexpr DecodeLimits kDefaultServerFrameLimits = {
    kDefaultMaxServerFrameBytes, kDefaultMaxDepth};

// Decodes one frame that a client sent. Fails with kProtocolError when the
// frame breaks a rule listed at the top of this file, or when `id` is
// missing or not a positive integer.
absl::StatusOr<ClientRequest> DecodeClientMessage(
    std::string_view text, const DecodeLimits& limits = {});

// Decodes one frame that the server sent: a response or a push. Fails with
// kProtocolError like DecodeClientMessage. A response must carry a positive
// `id` and exactly one of `result` and `error`; a push carries no `id`.
absl::StatusOr<ServerMessage> DecodeServerMessage(
    std::string_view text,
    const DecodeLimits& limits = kDefaultServerFrameLimits);

// A decoded server frame with the delivery number of a push: `seq` is the
// push's positive `seq` field, or 0 when the frame has none (always 0 for
// a response).
struct ServerFrame {
  ServerMessage message;
  int64_t seq = 0;
};

// Like DecodeServerMessage, and also reads the optional `seq` of a push. A
// response that carries `seq`, or a `seq` that is not a positive integer,
// fails with kProtocolError.
absl::StatusOr<ServerFrame> DecodeServerFrame(
    std::string_view text,
    const DecodeLimits& limits = kDefaultServerFrameLimits);

// Returns the `id` of a client frame that failed to decode, when the frame
// is a JSON object within `limits` whose `id` is a positive integer, so
// the server can still send an error response to it. Returns nullopt
// otherwise, and the server then sends an ErrorPush.
std::optional<int64_t> FindRequestId(std::string_view text,
                                     const DecodeLimits& limits = {});

// Encodes a client request as one JSON text frame.
std::string Encode(const ClientRequest& request);

// Encodes a response or push as one JSON text frame. Each message struct
// converts to ServerMessage, so `Encode(StreamCreatedPush{...})` works.
std::string Encode(const ServerMessage& message);

// Encodes a push with delivery number `seq` (a positive integer; 0 writes
// no `seq` field). `push` must not be a Response.
std::string EncodePush(const ServerMessage& push, int64_t seq);

// Encodes a success response to request `id`.
std::string EncodeResult(int64_t id, const ResponseResult& result);

// Encodes an error response to request `id`. `status` must not be OK; a
// status not made by MakeError() is sent as kInternalError.
std::string EncodeError(int64_t id, const absl::Status& status);

// Returns the `type` string of a message, such as "connect".
std::string_view MessageType(const ClientMessage& message);
std::string_view MessageType(const ServerMessage& message);

// Returns true when `result` is the kind of result that `request` gets:
// Snapshot for connect and resume, PublishResult for publish,
// SubscribeResult for subscribe, ReportIssueResult for reportIssue and
// EmptyResult for every other request.
bool ResultMatchesRequest(const ClientMessage& request,
                          const ResponseResult& result);

// Converts between a wire error and a status made by MakeError().
absl::Status ToStatus(const WireError& error);
WireError ToWireError(const absl::Status& status);

}  // namespace sessioncore::protocol

#endif  // SESSIONCORE_CORE_PROTOCOL_CODEC_H_
