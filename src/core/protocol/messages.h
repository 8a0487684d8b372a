// The messages of wire protocol v1 as C++ structs: client requests, the
// response envelope with its results, and server pushes.
//
// One JSON object travels per WebSocket text frame. Every message carries
// `"v": 1` and a `"type"`. Each struct below names its type in `kType`, and
// the fields of the struct sit at the top level of the JSON object next to
// `v` and `type`. Client requests also carry a positive integer `id` that
// is unique per connection, and the server answers each request with
// exactly one `response` carrying the same `id`. Server pushes carry no
// `id`. docs/protocol.md shows every message as JSON.
//
// The codec in core/protocol/codec.h turns these structs into JSON and
// back. Field comments give the JSON name where it is not the obvious
// camelCase spelling of the C++ name.
#ifndef SESSIONCORE_CORE_PROTOCOL_MESSAGES_H_
#define SESSIONCORE_CORE_PROTOCOL_MESSAGES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"
#include "core/model.h"

namespace sessioncore::protocol {

// The value of `v` in every message of this protocol.
inline constexpr int kProtocolVersion = 1;

// ---------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------

// A stream as the wire carries it: the Stream with its publisher's
// Connection embedded as `connection`, so that a client that requested no
// connection events still has the publisher's connection. The decoder sets
// `stream.connection_id` to `connection.connection_id`; the encoder writes
// `connection` and ignores `stream.connection_id`.
struct StreamInfo {
  Stream stream;
  Connection connection;
};

// A stream property that can change while the stream is live.
enum class StreamProperty {
  kHasAudio,
  kHasVideo,
  kHasCaptions,
  kVideoDimensions
};

// Returns the JSON spelling: "hasAudio", "hasVideo", "hasCaptions" or
// "videoDimensions".
std::string_view StreamPropertyName(StreamProperty property);
std::optional<StreamProperty> ParseStreamProperty(std::string_view name);

// The value of a StreamProperty: bool for hasAudio, hasVideo and
// hasCaptions; VideoDimensions for videoDimensions. The decoder rejects a
// value whose kind does not match the property.
using StreamPropertyValue = std::variant<bool, VideoDimensions>;

// Whether an SDP blob is an offer or an answer (`"offer"` / `"answer"`).
enum class SdpType { kOffer, kAnswer };
std::string_view SdpTypeName(SdpType type);
std::optional<SdpType> ParseSdpType(std::string_view name);

// An SDP offer or answer for one subscription. The same message goes from
// a client to the server and, relayed unchanged, from the server to the
// peer on the other side of the subscription.
struct SdpMessage {
  static constexpr std::string_view kType = "sdp";
  std::string subscription_id;
  SdpType sdp_type = SdpType::kOffer;
  std::string sdp;
};

// A trickled ICE candidate for one subscription, relayed like SdpMessage.
// `sdpMid` and `sdpMLineIndex` must be present but may be JSON null, as in
// RTCIceCandidateInit; an empty `candidate` marks the end of candidates.
struct CandidateMessage {
  static constexpr std::string_view kType = "candidate";
  std::string subscription_id;
  std::string candidate;
  std::optional<std::string> sdp_mid;
  std::optional<int> sdp_m_line_index;  // >= 0 when present.
};

// The force-mute state of a session (`{active, excludedStreamIds}`).
struct ForceMuteState {
  bool active = false;
  std::vector<std::string> excluded_stream_ids;
};

// An archive that is recording (`{archiveId, name}`).
struct ArchiveInfo {
  std::string archive_id;
  std::string name;
};

// One entry of RTCConfiguration.iceServers (`{urls, username?,
// credential?}`). `urls` contains at least one URL.
struct IceServer {
  std::vector<std::string> urls;
  std::optional<std::string> username;
  std::optional<std::string> credential;
};

// The client software that connects (`{sdk, version}`).
struct ClientInfo {
  std::string sdk = "sessioncore-js";
  std::string version;
};

// ---------------------------------------------------------------------------
// Client -> server requests
// ---------------------------------------------------------------------------

// Joins a session. Result: Snapshot.
struct ConnectRequest {
  static constexpr std::string_view kType = "connect";
  std::string session_id;
  std::string token;
  bool connection_events_suppressed = false;
  ClientInfo client;
};

// Takes back a connection after a dropped socket, within the reconnect
// window. Before the result (a Snapshot) the server writes again every
// push it kept whose `seq` is above `last_seq`, in order.
struct ResumeRequest {
  static constexpr std::string_view kType = "resume";
  std::string session_id;
  std::string connection_id;
  std::string resume_key;
  // JSON `lastSeq`, optional: the highest push `seq` the client processed
  // before the drop; 0 when it processed none.
  int64_t last_seq = 0;
};

// Keeps the connection alive; sent every heartbeat interval. Result: {}.
struct HeartbeatRequest {
  static constexpr std::string_view kType = "heartbeat";
  // JSON `ack`, optional: the highest push `seq` the client has processed,
  // so the server may forget the pushes up to it. 0 acknowledges nothing.
  int64_t ack = 0;
};

// Leaves the session. Result: {}; the server then closes the socket.
struct DisconnectRequest {
  static constexpr std::string_view kType = "disconnect";
};

// Starts publishing. Result: PublishResult with the server-assigned
// stream ID.
struct PublishRequest {
  static constexpr std::string_view kType = "publish";
  std::string name;
  bool has_audio = true;
  bool has_video = true;
  VideoType video_type = VideoType::kCamera;
  VideoDimensions video_dimensions;
  int frame_rate = 30;  // > 0.
};

// Stops publishing `stream_id`. Result: {}.
struct UnpublishRequest {
  static constexpr std::string_view kType = "unpublish";
  std::string stream_id;
};

// Changes one property of the sender's own stream. Result: {}.
struct UpdateStreamRequest {
  static constexpr std::string_view kType = "updateStream";
  std::string stream_id;
  StreamProperty property = StreamProperty::kHasAudio;
  StreamPropertyValue value;
};

// Subscribes to a stream. Result: SubscribeResult.
struct SubscribeRequest {
  static constexpr std::string_view kType = "subscribe";
  std::string stream_id;
};

// Ends a subscription. Result: {}.
struct UnsubscribeRequest {
  static constexpr std::string_view kType = "unsubscribe";
  std::string subscription_id;
};

// Asks the publisher of a subscribed stream to send at most this
// resolution and frame rate to this subscription. An absent field removes
// that limit. Result: {}.
struct SetPreferredLayerRequest {
  static constexpr std::string_view kType = "setPreferredLayer";
  std::string subscription_id;
  std::optional<int> max_width;       // JSON `maxWidth`, > 0.
  std::optional<int> max_height;      // JSON `maxHeight`, > 0.
  std::optional<int> max_frame_rate;  // JSON `maxFrameRate`, > 0.
};

// Sends a signal to one connection (`to`) or, without `to`, to every
// connection of the session, the sender included. The codec checks only
// that `type` and `data` are strings; core/signal_rules.h contains the length
// and character rules. Result: {}.
struct SignalRequest {
  static constexpr std::string_view kType = "signal";
  std::string type;  // JSON `signalType`, since `type` names the message.
  std::string data;
  std::optional<std::string> to;  // A connection ID.
};

// Moderator: mutes the audio of every stream except the excluded ones and
// keeps muting streams published later. Result: {}.
struct ForceMuteAllRequest {
  static constexpr std::string_view kType = "forceMuteAll";
  std::vector<std::string> excluded_stream_ids;
};

// Moderator: mutes the audio of one stream. Result: {}.
struct ForceMuteStreamRequest {
  static constexpr std::string_view kType = "forceMuteStream";
  std::string stream_id;
};

// Moderator: ends the force-mute state set by forceMuteAll. Result: {}.
struct DisableForceMuteRequest {
  static constexpr std::string_view kType = "disableForceMute";
};

// Moderator: disconnects another connection. Result: {}.
struct ForceDisconnectRequest {
  static constexpr std::string_view kType = "forceDisconnect";
  std::string connection_id;
};

// Moderator: stops another connection's stream. Result: {}.
struct ForceUnpublishRequest {
  static constexpr std::string_view kType = "forceUnpublish";
  std::string stream_id;
};

// Files an issue report. Result: ReportIssueResult.
struct ReportIssueRequest {
  static constexpr std::string_view kType = "reportIssue";
  std::optional<std::string> description;
};

using ClientMessage = std::variant<
    ConnectRequest, ResumeRequest, HeartbeatRequest, DisconnectRequest,
    PublishRequest, UnpublishRequest, UpdateStreamRequest, SubscribeRequest,
    UnsubscribeRequest, SdpMessage, CandidateMessage, SignalRequest,
    ForceMuteAllRequest, ForceMuteStreamRequest, DisableForceMuteRequest,
    ForceDisconnectRequest, ForceUnpublishRequest, ReportIssueRequest,
    SetPreferredLayerRequest>;

// A client request with its `id` (positive, unique per connection).
struct ClientRequest {
  int64_t id = 0;
  ClientMessage message;
};

// ---------------------------------------------------------------------------
// Results of requests
// ---------------------------------------------------------------------------

// The state of the session at connect or resume time.
struct Snapshot {
  Connection connection;  // The local connection.
  Role role = Role::kPublisher;
  Capabilities capabilities;
  // Other connections, without the local one; empty when the client asked
  // for connectionEventsSuppressed.
  std::vector<Connection> connections;
  std::vector<StreamInfo> streams;
  ForceMuteState force_mute;
  std::vector<ArchiveInfo> archives;
  std::vector<IceServer> ice_servers;
  int64_t heartbeat_interval_ms = 2000;  // > 0.
  int64_t reconnect_window_ms = 30000;   // >= 0.
  std::string resume_key;                // Secret: never log it.
};

// The result `{}` of requests that return nothing.
struct EmptyResult {};

// The result of publish: `{stream}`. When force mute is active and the
// stream is not excluded, `stream.stream.has_audio` is false.
struct PublishResult {
  StreamInfo stream;
};

// The result of subscribe: `{subscriptionId}`.
struct SubscribeResult {
  std::string subscription_id;
};

// The result of reportIssue: `{issueId}`.
struct ReportIssueResult {
  std::string issue_id;
};

// A result object. The decoder recognises the alternatives by their keys:
// `{}` is EmptyResult, `connection` marks a Snapshot, `stream` a
// PublishResult, `subscriptionId` a SubscribeResult and `issueId` a
// ReportIssueResult. ResultMatchesRequest() in codec.h checks the kind
// against the request that was sent.
using ResponseResult = std::variant<EmptyResult, Snapshot, PublishResult,
                                    SubscribeResult, ReportIssueResult>;

// An error as the wire carries it: `{code, name, message}`, where `code` is
// the legacy number and `name` the OT_* name of `code` in core/error.h.
struct WireError {
  ErrorCode code = ErrorCode::kInternalError;
  std::string message;
};

// The response to one request: `result` on success, `error` on failure.
struct Response {
  static constexpr std::string_view kType = "response";
  int64_t id = 0;
  std::variant<ResponseResult, WireError> outcome;
};

// ---------------------------------------------------------------------------
// Server -> client pushes
// ---------------------------------------------------------------------------

// The reason the server ended a subscription, in subscriberLeft and
// subscriptionEnded.
enum class SubscriptionEndReason {
  kUnsubscribed,            // "unsubscribed": the subscriber unsubscribed.
  kStreamDestroyed,         // "streamDestroyed": the stream ended.
  kSubscriberDisconnected,  // "subscriberDisconnected".
};
std::string_view SubscriptionEndReasonName(SubscriptionEndReason reason);
std::optional<SubscriptionEndReason> ParseSubscriptionEndReason(
    std::string_view name);

// The reason the server is about to close the socket, in `disconnected`.
enum class ServerDisconnectReason {
  kForceDisconnected,  // "forceDisconnected": a moderator removed the client.
  kSlowConsumer,       // "slowConsumer": the outbound queue overflowed.
  kTokenExpired,       // "tokenExpired".
  kHeartbeatTimeout,   // "heartbeatTimeout": no heartbeat in time.
  kProtocolError,      // "protocolError": too many undecodable frames.
  kServerShutdown,     // "serverShutdown".
};
std::string_view ServerDisconnectReasonName(ServerDisconnectReason reason);
std::optional<ServerDisconnectReason> ParseServerDisconnectReason(
    std::string_view name);

struct ConnectionCreatedPush {
  static constexpr std::string_view kType = "connectionCreated";
  Connection connection;
};

struct ConnectionDestroyedPush {
  static constexpr std::string_view kType = "connectionDestroyed";
  std::string connection_id;
  DisconnectReason reason = DisconnectReason::kClientDisconnected;
};

struct StreamCreatedPush {
  static constexpr std::string_view kType = "streamCreated";
  StreamInfo stream;
};

struct StreamDestroyedPush {
  static constexpr std::string_view kType = "streamDestroyed";
  std::string stream_id;
  StreamDestroyedReason reason = StreamDestroyedReason::kUnpublished;
};

// `old_value` and `new_value` have the kind that `property` requires.
struct StreamPropertyChangedPush {
  static constexpr std::string_view kType = "streamPropertyChanged";
  std::string stream_id;
  StreamProperty property = StreamProperty::kHasAudio;
  StreamPropertyValue old_value;
  StreamPropertyValue new_value;
};

// To the publisher: create a peer connection for this subscription and
// send the offer.
struct SubscriberJoinedPush {
  static constexpr std::string_view kType = "subscriberJoined";
  std::string subscription_id;
  std::string stream_id;
  std::string subscriber_connection_id;
};

// To the publisher: close the peer connection of this subscription.
struct SubscriberLeftPush {
  static constexpr std::string_view kType = "subscriberLeft";
  std::string subscription_id;
  SubscriptionEndReason reason = SubscriptionEndReason::kUnsubscribed;
};

// To the subscriber: the subscription is over.
struct SubscriptionEndedPush {
  static constexpr std::string_view kType = "subscriptionEnded";
  std::string subscription_id;
  SubscriptionEndReason reason = SubscriptionEndReason::kStreamDestroyed;
};

// A signal delivered to this client. `from` is the sender's connection ID;
// it is absent for a signal that the server itself sends.
struct SignalPush {
  static constexpr std::string_view kType = "signal";
  std::string type;  // JSON `signalType`.
  std::string data;
  std::optional<std::string> from;
};

// The session's force-mute state changed. The server has already set
// hasAudio false on each affected stream and sends streamPropertyChanged
// for each.
struct MuteForcedPush {
  static constexpr std::string_view kType = "muteForced";
  ForceMuteState state;  // Fields `active` and `excludedStreamIds`.
};

struct ArchiveStartedPush {
  static constexpr std::string_view kType = "archiveStarted";
  ArchiveInfo archive;  // Fields `archiveId` and `name`.
};

struct ArchiveStoppedPush {
  static constexpr std::string_view kType = "archiveStopped";
  std::string archive_id;
};

// To the publisher: a subscriber of `stream_id` asked for at most this
// resolution and frame rate on subscription `subscription_id`. An absent
// field means no limit.
struct PreferredLayerPush {
  static constexpr std::string_view kType = "preferredLayer";
  std::string subscription_id;
  std::string stream_id;
  std::optional<int> max_width;
  std::optional<int> max_height;
  std::optional<int> max_frame_rate;
};

// Sent just before the server closes the socket.
struct DisconnectedPush {
  static constexpr std::string_view kType = "disconnected";
  ServerDisconnectReason reason = ServerDisconnectReason::kForceDisconnected;
  std::string message;
};

// An error not tied to a request, such as a frame that could not be
// decoded far enough to read its `id`. Fields `code`, `name`, `message`.
struct ErrorPush {
  static constexpr std::string_view kType = "error";
  WireError error;
};

using ServerMessage = std::variant<
    Response, ConnectionCreatedPush, ConnectionDestroyedPush, StreamCreatedPush,
    StreamDestroyedPush, StreamPropertyChangedPush, SubscriberJoinedPush,
    SubscriberLeftPush, SubscriptionEndedPush, SdpMessage, CandidateMessage,
    SignalPush, MuteForcedPush, ArchiveStartedPush, ArchiveStoppedPush,
    DisconnectedPush, ErrorPush, PreferredLayerPush>;

// Field-by-field equality, for tests and for callers that compare states.
bool operator==(const StreamInfo& a, const StreamInfo& b);
bool operator==(const ForceMuteState& a, const ForceMuteState& b);
bool operator==(const ArchiveInfo& a, const ArchiveInfo& b);
bool operator==(const IceServer& a, const IceServer& b);
bool operator==(const Snapshot& a, const Snapshot& b);
bool operator==(const WireError& a, const WireError& b);

}  // namespace sessioncore::protocol

#endif  // SESSIONCORE_CORE_PROTOCOL_MESSAGES_H_
