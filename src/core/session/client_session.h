// ClientSession: everything a browser session decides, without doing any
// I/O. The browser glue (web/) feeds it inputs and executes its outputs.
//
// Inputs are method calls: API calls from the application (Connect,
// Publish, Signal, ...), and reports from the glue about the socket, the
// timers and the peer connections (OnSocketMessage, OnTimer, ...). Outputs
// pile up inside the session; the glue drains them with TakeOutputs()
// after every input and executes them in order (see output.h for the JSON
// of each kind). The session never calls back into the glue.
//
// Contract with the glue:
//  - Every call that takes a `handle` produces exactly one `complete`
//    output for that handle, always after the call returns (the glue
//    delivers outputs after the call), also when the call is rejected for
//    the state the session is in. A disconnect completes every pending
//    handle, with an error for requests that had not finished.
//  - At most one socket exists at a time. After a `closeSocket` output the
//    glue detaches that socket and reports nothing more about it. The
//    session reports socket loss itself when it wants a new one.
//  - Timers: `armTimer` asks for OnTimer(timerId) after delayMs;
//    `cancelTimer` withdraws it. A timer that fires after being cancelled
//    is ignored, so the glue need not race to cancel.
//  - For each event with `cancelable: true`, the glue dispatches it, then
//    calls PreventDefault(eventId) if a handler called preventDefault(),
//    and DefaultAction(eventId) otherwise.
//  - No event is emitted by Connect() itself: events follow from inbound
//    messages, so handlers attached right after connect() see them all.
//
// docs/session-core.md lists the states, the calls allowed in each, the
// event order and the reconnection schedule.
#ifndef SESSIONCORE_CORE_SESSION_CLIENT_SESSION_H_
#define SESSIONCORE_CORE_SESSION_CLIENT_SESSION_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/error.h"
#include "core/json/json.h"
#include "core/log.h"
#include "core/protocol/codec.h"
#include "core/protocol/messages.h"
#include "core/session/call_policy.h"
#include "core/session/local_media.h"
#include "core/session/output.h"
#include "core/session/peer_table.h"
#include "core/session/registry.h"
#include "core/session/request_tracker.h"
#include "core/session/session_state.h"
#include "core/session/timer_table.h"
#include "core/session_options.h"

namespace sessioncore::session {

// The version that the connect request reports as `client.version`.
inline constexpr std::string_view kClientVersion = "0.1.0";
// How long connect waits for the session snapshot before giving up.
inline constexpr int64_t kConnectTimeoutMs = 15000;
// How long disconnect waits for the server's answer before closing anyway.
inline constexpr int64_t kDisconnectTimeoutMs = 2000;
// Heartbeat intervals without any frame from the server after which the
// connection counts as lost (3 x 2 s = 6 s with the default interval).
inline constexpr int kMissedHeartbeatsBeforeLoss = 3;
// ICE restarts ordered for a failed peer connection before the session
// closes it and reports OT_ICE_WORKFLOW_FAILED.
inline constexpr int kMaxIceRestarts = 2;
// How long one ICE restart may take to bring a peer connection back to
// "connected" before the next restart, or giving up.
inline constexpr int64_t kIceRestartTimeoutMs = 10000;

class ClientSession {
 public:
  // `api_key` is the project key or application ID. `server_url` is the
  // WebSocket URL of the session server (ws:// or wss://). With a
  // `log_sink`, which must outlive the session, log records go to it
  // (subsystem "session", secrets redacted); without one they are `log`
  // outputs.
  ClientSession(std::string session_id, std::string api_key,
                SessionOptions options, std::string server_url,
                LogSink* log_sink = nullptr);

  // --- Application calls -------------------------------------------------

  // Opens a socket and joins the session with `token`. The handle completes
  // with {sessionId, connection, capabilities} after sessionConnected, or
  // with the server's error (1004 for a bad token, ...). Errors at once:
  // 1011 for an empty token, 1015 while connecting, connected or
  // reconnecting (no second connection is made).
  void Connect(std::string_view token, int64_t handle);
  // Leaves the session; sessionDisconnected(clientDisconnected) follows
  // once. A no-op that completes OK when already disconnected or
  // disconnecting. While connecting, aborts the attempt: the connect handle
  // completes with 1006 and no sessionDisconnected is emitted.
  void Disconnect(int64_t handle);

  // Publishes a stream for `publisher_id`. `properties` may hold name,
  // publishAudio, publishVideo, videoType ("camera", "screen", "custom"),
  // videoDimensions {width, height} and frameRate; other keys are ignored.
  // Completes with {stream}; a Publisher event streamCreated comes first.
  // Errors: 1010, 1500 when the role cannot publish, 1011 for a property
  // of the wrong type, 1015 when `publisher_id` already publishes.
  void Publish(std::string_view publisher_id, const Json& properties,
               int64_t handle);
  // Stops publishing. Completes OK after the Publisher event
  // streamDestroyed(unpublished); OK with no effect for an unknown ID.
  void Unpublish(std::string_view publisher_id, int64_t handle);
  // Changes "hasAudio", "hasVideo" (bool) or "videoDimensions" ({width,
  // height}) of a published stream. While reconnecting the value is kept
  // and sent after the resume. Returns 1011 for an unknown property or a
  // wrong value, 1010 when not connected, 404 for an unknown publisher.
  absl::Status SetPublisherProperty(std::string_view publisher_id,
                                    std::string_view property,
                                    const Json& value);
  // Subscribes `subscriber_id` to a remote stream; creates its peer
  // connection at once. Completes with {subscriberId, streamId,
  // subscriptionId}. Errors: 1010, 1501 when the role cannot subscribe,
  // 1502 for a stream that is not (or no longer) in the session, 1015 for
  // a subscriber ID in use.
  void Subscribe(std::string_view subscriber_id, std::string_view stream_id,
                 int64_t handle);
  // Ends a subscription and closes its peer connection; a Subscriber event
  // destroyed(unsubscribed) follows. OK with no effect for an unknown ID,
  // such as a subscriber already destroyed with its stream.
  void Unsubscribe(std::string_view subscriber_id, int64_t handle);
  // Asks the publisher of the stream that `subscriber_id` (or the
  // subscription of that ID) receives to send at most this resolution and
  // frame rate; nullopt lifts a limit. Completes with {} once the server
  // accepted it. Errors: 1011 for a width without a height (or the
  // reverse), a size outside 1..7680 x 1..4320 or a frame rate outside
  // 1..60; 1010 when not connected; 404 for an unknown subscriber; 1015
  // before subscribe() has completed.
  void SetPreferredLayer(std::string_view subscriber_id,
                         std::optional<int> max_width,
                         std::optional<int> max_height,
                         std::optional<int> max_frame_rate, int64_t handle);
  // Sends `signal` = {type?, data?, to?, retryAfterReconnect?}. Checks the
  // signal rules before anything goes on the wire: 400 for a bad type, 413
  // for data over 8192 bytes, 1011 for data or type that is not a string,
  // 404 for a `to` connection that is not in the session. 1010 when not
  // connected. While reconnecting the signal is queued and sent after
  // sessionReconnected, unless retryAfterReconnect is false (then 1010).
  void Signal(const Json& signal, int64_t handle);

  // Moderation. Each needs the matching capability (else 1540 for the
  // force-mute calls, 1520 forceDisconnect, 1530 forceUnpublish, with
  // nothing sent); the server checks again and decides.
  void ForceMuteAll(const std::vector<std::string>& excluded_stream_ids,
                    int64_t handle);
  void ForceMuteStream(std::string_view stream_id, int64_t handle);
  void DisableForceMute(int64_t handle);
  void ForceDisconnect(std::string_view connection_id, int64_t handle);
  void ForceUnpublish(std::string_view stream_id, int64_t handle);
  // Files an issue report; `description` may be empty. Completes with
  // {issueId}.
  void ReportIssue(std::string_view description, int64_t handle);

  // Returns {sessionId, connection (null before connect), connectionStatus}.
  Json GetSessionInfo() const;
  // Returns the capabilities of the local connection, under both the
  // `Session.capabilities` names (publish, ...) and the getCapabilities()
  // names (canPublish, ...). 1010 when not connected.
  absl::StatusOr<Json> GetCapabilities() const;

  // --- Reports from the glue ---------------------------------------------

  void OnSocketOpen();
  void OnSocketMessage(std::string_view text);
  void OnSocketClosed(int code, std::string_view reason);
  void OnSocketError();
  void OnTimer(int64_t timer_id);
  // A local offer or answer that the peer connection `pc_id` created.
  void OnPeerLocalDescription(std::string_view pc_id, std::string_view sdp_type,
                              std::string_view sdp);
  // A local ICE candidate {candidate, sdpMid, sdpMLineIndex}.
  void OnPeerIceCandidate(std::string_view pc_id, const Json& candidate);
  // The peer connection's connectionState, such as "connected" or "failed".
  void OnPeerStateChange(std::string_view pc_id, std::string_view state);
  // The application prevented (or did not prevent) the default action of
  // the cancelable event `event_id`. Unknown ids are ignored.
  void PreventDefault(int64_t event_id);
  void DefaultAction(int64_t event_id);

  // Tears everything down without events: closes peers and the socket,
  // cancels timers and completes every pending handle with 1010. Later
  // calls complete with 1010 too.
  void Destroy();

  // Removes and returns the outputs produced so far, in order.
  std::vector<Output> TakeOutputs() { return out_.Take(); }

  SessionState state() const { return state_.state(); }

 private:
  enum class SocketState { kNone, kOpening, kOpen };

  // A cancelable event whose default action waits for the application.
  struct PendingDefault {
    enum class Kind { kDestroySubscribersOfStream, kDestroyAllMedia };
    Kind kind;
    std::string stream_id;
    std::string reason;
    std::vector<std::string> subscriber_ids;
    std::vector<std::string> publisher_ids;
  };

  struct QueuedSignal {
    protocol::SignalRequest request;
    int64_t handle;
  };

  // session_lifecycle.cc: connecting, disconnecting, teardown.
  void StartConnect(std::string_view token, int64_t handle);
  void SendConnectRequest();
  void OnConnectResult(absl::StatusOr<protocol::ResponseResult> outcome);
  void ApplySnapshot(const protocol::Snapshot& snapshot);
  void ApplySessionSettings(const protocol::Snapshot& snapshot);
  void EmitJoinEvents(const protocol::Snapshot& snapshot);
  void FailConnect(const absl::Status& error);
  void BeginDisconnect(int64_t handle);
  void Finalize(std::optional<DisconnectReason> event_reason);
  void HandleSocketLoss(std::string_view cause);
  void CloseSocket();
  void OnServerDisconnected(const protocol::DisconnectedPush& push);
  void SetState(SessionState next);

  // session_reconnect.cc: heartbeats, loss, resume.
  void StartHeartbeat();
  void OnHeartbeatTimer();
  void OnConnectionLost(std::string_view cause);
  void ScheduleResumeAttempt();
  void OnResumeAttemptTimer();
  void SendResumeRequest();
  void OnResumeResult(absl::StatusOr<protocol::ResponseResult> outcome);
  void FinishResume(const protocol::Snapshot& snapshot);
  void SyncPublishersAfterResume();
  void DropHeldEvents();

  // session_reconcile.cc: differences between a resume snapshot and the
  // registry, announced as events.
  void ReconcileWithSnapshot(const protocol::Snapshot& snapshot);
  void ReconcileConnections(const protocol::Snapshot& snapshot);
  void ReconcileStreams(const protocol::Snapshot& snapshot);
  void ReconcileStreamProperties(const protocol::StreamInfo& wanted);
  void ReconcileArchives(const protocol::Snapshot& snapshot);
  void SendStreamUpdate(const std::string& stream_id,
                        protocol::StreamProperty property,
                        protocol::StreamPropertyValue value);
  void FlushQueuedSignals();
  void FailQueuedSignals(const absl::Status& error);

  // session_pushes.cc: one handler per server push.
  bool AcceptPushSeq(const protocol::ServerFrame& frame);
  void HandleServerMessage(protocol::ServerMessage message);
  void Handle(const protocol::ConnectionCreatedPush& push);
  void Handle(const protocol::ConnectionDestroyedPush& push);
  void Handle(const protocol::StreamCreatedPush& push);
  void Handle(const protocol::StreamDestroyedPush& push);
  void Handle(const protocol::StreamPropertyChangedPush& push);
  void Handle(const protocol::SubscriberJoinedPush& push);
  void Handle(const protocol::SubscriberLeftPush& push);
  void Handle(const protocol::SubscriptionEndedPush& push);
  void Handle(const protocol::SdpMessage& push);
  void Handle(const protocol::CandidateMessage& push);
  void Handle(const protocol::SignalPush& push);
  void Handle(const protocol::MuteForcedPush& push);
  void Handle(const protocol::ArchiveStartedPush& push);
  void Handle(const protocol::ArchiveStoppedPush& push);
  void Handle(const protocol::DisconnectedPush& push);
  void Handle(const protocol::ErrorPush& push);
  void Handle(const protocol::PreferredLayerPush& push);
  void Handle(const protocol::Response& response);
  void AnnounceConnection(const Connection& connection);
  void AnnounceStream(const protocol::StreamInfo& info);
  void DestroyStream(std::string_view stream_id, StreamDestroyedReason reason);
  void DestroyLocalStream(const protocol::StreamInfo& info,
                          StreamDestroyedReason reason);

  // session_media.cc: publishers, subscribers, peer connections.
  void OnPublishResult(const std::string& publisher_id, int64_t handle,
                       absl::StatusOr<protocol::ResponseResult> outcome);
  void OnSubscribeResult(const std::string& subscriber_id, int64_t handle,
                         absl::StatusOr<protocol::ResponseResult> outcome);
  void DestroySubscriber(const std::string& subscriber_id,
                         std::string_view reason);
  void ApplyForcedMute(PublisherRecord& publisher);
  void SendHeldCandidates(PeerRecord& peer);
  void SendCandidate(const protocol::CandidateMessage& candidate);
  void RunDefault(const PendingDefault& action);
  Json RtcConfiguration() const;

  // session_ice.cc: ICE restarts of failed peer connections.
  void OnPeerConnected(PeerRecord& peer);
  void OnPeerFailed(PeerRecord& peer);
  void RestartIce(PeerRecord& peer);
  void OnIceRestartTimer(const std::string& pc_id);
  void RestartIceAfterResume();
  void GiveUpOnPeer(const PeerRecord& peer);

  // client_session.cc: sending and completing.
  // Sends `message` as a request; `on_response` runs exactly once.
  void SendRequest(protocol::ClientMessage message,
                   ResponseCallback on_response);
  // Sends a request whose result is {} and completes `handle` with it.
  void SendSimpleRequest(protocol::ClientMessage message, int64_t handle);
  // Completes `handle` when the call is rejected in the current state and
  // returns true; returns false when the call may go ahead.
  bool RejectIfNotAllowed(SessionCall call, int64_t handle);
  bool RejectWithoutCapability(bool capable, ErrorCode code,
                               std::string_view call, int64_t handle);
  void LogInfo(std::string_view message, Json context = {});
  void LogWarn(std::string_view message, Json context = {});
  void WriteLog(LogLevel level, std::string_view message, Json context);

  const std::string session_id_;
  const std::string api_key_;
  const SessionOptions options_;
  const std::string server_url_;
  LogSink* const log_sink_;  // May be null: logs become outputs.

  OutputQueue out_;
  SessionStateMachine state_;
  SessionRegistry registry_;
  LocalMedia media_;
  PeerTable peers_;
  RequestTracker requests_;
  TimerTable timers_;

  SocketState socket_ = SocketState::kNone;
  bool destroyed_ = false;
  // Held only between Connect() and the moment the connect request is
  // sent; never logged.
  std::string token_;
  std::optional<int64_t> connect_handle_;
  std::vector<int64_t> disconnect_handles_;

  std::string resume_key_;  // Secret: never logged.
  std::vector<IceServer> server_ice_servers_;
  int64_t heartbeat_interval_ms_ = 2000;
  int64_t reconnect_window_ms_ = 30000;
  int missed_heartbeats_ = 0;
  // The highest push `seq` processed on this connection; 0 for none.
  int64_t last_push_seq_ = 0;
  int resume_attempt_ = 0;
  std::vector<QueuedSignal> queued_signals_;

  std::map<int64_t, PendingDefault> pending_defaults_;
};

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_CLIENT_SESSION_H_
