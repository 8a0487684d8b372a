// Helpers for ClientSession tests: a fixture that drives a session through
// its inputs, plays the server with frames made by the real protocol
// codec, and reads the outputs back as the JSON the browser glue sees.
#ifndef SESSIONCORE_TESTS_CORE_SESSION_SESSION_TEST_UTIL_H_
#define SESSIONCORE_TESTS_CORE_SESSION_SESSION_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/json/json.h"
#include "core/protocol/codec.h"
#include "core/session/client_session.h"
#include "core/session_options.h"

namespace sessioncore {

// Lets GoogleTest print a Json in failure messages as its JSON text.
inline void PrintTo(const Json& value, std::ostream* out) {
  *out << value.Dump();
}

}  // namespace sessioncore

namespace sessioncore::session::testing {

using ::sessioncore::Json;
using Outputs = std::vector<Json>;

inline constexpr char kSessionId[] = "1_MX4xMjM0NX4";
inline constexpr char kServerUrl[] = "wss://server.test/v1/session";
inline constexpr char kToken[] = "T1==cGFydG5lcl9pZD0xMjM0NQ";

inline Connection MakeConnection(const std::string& id) {
  return Connection{id, 1700000000000, "name=" + id};
}

inline protocol::StreamInfo MakeStream(const std::string& stream_id,
                                       const std::string& connection_id) {
  protocol::StreamInfo info;
  info.connection = MakeConnection(connection_id);
  info.stream.stream_id = stream_id;
  info.stream.connection_id = connection_id;
  info.stream.creation_time = 1700000000500;
  info.stream.name = "stream " + stream_id;
  info.stream.video_dimensions = VideoDimensions{640, 480};
  return info;
}

inline protocol::Snapshot MakeSnapshot(const std::string& local_id,
                                       Role role = Role::kPublisher) {
  protocol::Snapshot snapshot;
  snapshot.connection = MakeConnection(local_id);
  snapshot.role = role;
  snapshot.capabilities = CapabilitiesForRole(role);
  snapshot.ice_servers.push_back(
      protocol::IceServer{{"turn:turn.test:3478"}, "user", "pass"});
  snapshot.resume_key = "resume-secret-1";
  return snapshot;
}

// Returns only the outputs of `kind`.
inline Outputs OfKind(const Outputs& outputs, const std::string& kind) {
  Outputs selected;
  for (const Json& output : outputs) {
    if (output["kind"] == kind) selected.push_back(output);
  }
  return selected;
}

// Returns "target:name" for every event, such as "session:streamCreated".
inline std::vector<std::string> EventNames(const Outputs& outputs) {
  std::vector<std::string> names;
  for (const Json& event : OfKind(outputs, "event")) {
    names.push_back(event["target"].AsString() + ":" +
                    event["name"].AsString());
  }
  return names;
}

inline Outputs EventsNamed(const Outputs& outputs, const std::string& name) {
  Outputs selected;
  for (const Json& event : OfKind(outputs, "event")) {
    if (event["name"] == name) selected.push_back(event);
  }
  return selected;
}

// Decodes every `send` output with the protocol codec.
inline std::vector<protocol::ClientRequest> SentRequests(
    const Outputs& outputs) {
  std::vector<protocol::ClientRequest> requests;
  for (const Json& send : OfKind(outputs, "send")) {
    absl::StatusOr<protocol::ClientRequest> decoded =
        protocol::DecodeClientMessage(send["text"].AsString());
    EXPECT_TRUE(decoded.ok()) << decoded.status() << " in " << send.Dump();
    if (decoded.ok()) requests.push_back(std::move(*decoded));
  }
  return requests;
}

inline std::vector<std::string> SentTypes(const Outputs& outputs) {
  std::vector<std::string> types;
  for (const protocol::ClientRequest& request : SentRequests(outputs)) {
    types.emplace_back(protocol::MessageType(request.message));
  }
  return types;
}

// Returns the completions of `handle`.
inline Outputs CompletionsOf(const Outputs& outputs, int64_t handle) {
  Outputs selected;
  for (const Json& complete : OfKind(outputs, "complete")) {
    if (complete["handle"] == handle) selected.push_back(complete);
  }
  return selected;
}

// Returns the legacy error number of the single completion of `handle`, 0
// for a success, or -1 when there is not exactly one completion.
inline int CompletionCode(const Outputs& outputs, int64_t handle) {
  Outputs completions = CompletionsOf(outputs, handle);
  if (completions.size() != 1) return -1;
  if (!completions[0].Contains("error")) return 0;
  return completions[0]["error"]["code"].AsInteger();
}

// A fixture that owns one session and plays the server.
class SessionTest : public ::testing::Test {
 protected:
  explicit SessionTest(SessionOptions options = SessionOptions(),
                       LogSink* log_sink = nullptr)
      : session_(kSessionId, "12345", std::move(options), kServerUrl,
                 log_sink) {}

  // Drains the session's outputs as JSON and adds them to `all_`.
  Outputs Take() {
    Outputs taken;
    for (const Output& output : session_.TakeOutputs()) {
      taken.push_back(output.ToJson());
    }
    all_.insert(all_.end(), taken.begin(), taken.end());
    return taken;
  }

  // Returns the id of the last request of `type` in `outputs`, or 0.
  static int64_t IdOf(const Outputs& outputs, const std::string& type) {
    int64_t id = 0;
    for (const protocol::ClientRequest& request : SentRequests(outputs)) {
      if (protocol::MessageType(request.message) == type) id = request.id;
    }
    return id;
  }

  // Returns the last request of type T in `outputs`.
  template <typename T>
  static std::optional<T> LastSent(const Outputs& outputs) {
    std::optional<T> found;
    for (const protocol::ClientRequest& request : SentRequests(outputs)) {
      if (const T* typed = std::get_if<T>(&request.message)) found = *typed;
    }
    return found;
  }

  void Reply(int64_t id, const protocol::ResponseResult& result) {
    session_.OnSocketMessage(protocol::EncodeResult(id, result));
  }
  void ReplyError(int64_t id, const absl::Status& error) {
    session_.OnSocketMessage(protocol::EncodeError(id, error));
  }
  void Push(const protocol::ServerMessage& push) {
    session_.OnSocketMessage(protocol::Encode(push));
  }

  // Connects with `snapshot` and returns the outputs from the snapshot on.
  Outputs Connect(const protocol::Snapshot& snapshot, int64_t handle = 1) {
    session_.Connect(kToken, handle);
    session_.OnSocketOpen();
    int64_t id = IdOf(Take(), "connect");
    EXPECT_GT(id, 0);
    Reply(id, snapshot);
    return Take();
  }

  // Publishes `publisher_id` and answers with stream `stream_id` owned by
  // the local connection `local_id`.
  Outputs PublishAs(const std::string& publisher_id,
                    const std::string& stream_id, const std::string& local_id,
                    int64_t handle, bool has_audio = true) {
    session_.Publish(publisher_id, Json{{"publishAudio", true}}, handle);
    int64_t id = IdOf(Take(), "publish");
    EXPECT_GT(id, 0);
    protocol::PublishResult result{MakeStream(stream_id, local_id)};
    result.stream.stream.has_audio = has_audio;
    Reply(id, result);
    return Take();
  }

  // Returns the timerId of the last armTimer with `delay_ms`, or 0.
  static int64_t TimerWithDelay(const Outputs& outputs, int64_t delay_ms) {
    int64_t timer_id = 0;
    for (const Json& arm : OfKind(outputs, "armTimer")) {
      if (arm["delayMs"] == delay_ms) timer_id = arm["timerId"].AsInteger();
    }
    return timer_id;
  }

  ClientSession session_;
  Outputs all_;
};

}  // namespace sessioncore::session::testing

#endif  // SESSIONCORE_TESTS_CORE_SESSION_SESSION_TEST_UTIL_H_
