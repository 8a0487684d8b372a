// Benchmarks of the protocol codec and the signal rules: decoding and
// encoding the Snapshot that connect returns, and the client-side work of
// sending a signal (validate, then encode).
#include <string>

#include "benchmark/benchmark.h"
#include "core/json/json_parser.h"
#include "core/protocol/codec.h"
#include "core/signal_rules.h"

namespace sessioncore::protocol {
namespace {

Connection MakeConnection(int n) {
  return Connection{"connection-" + std::to_string(n), 1764849600000 + n,
                    "name=Participant " + std::to_string(n)};
}

// A Snapshot of a moderator in a session where `count` other connections
// each publish one camera stream.
Snapshot MakeSnapshot(int count) {
  Snapshot snapshot;
  snapshot.connection = MakeConnection(0);
  snapshot.role = Role::kModerator;
  snapshot.capabilities = CapabilitiesForRole(Role::kModerator);
  for (int i = 1; i <= count; ++i) {
    snapshot.connections.push_back(MakeConnection(i));
    StreamInfo info;
    info.connection = MakeConnection(i);
    info.stream.stream_id = "stream-" + std::to_string(i);
    info.stream.connection_id = info.connection.connection_id;
    info.stream.creation_time = 1764849700000 + i;
    info.stream.name = "Participant " + std::to_string(i);
    info.stream.video_dimensions = {640, 480};
    snapshot.streams.push_back(std::move(info));
  }
  snapshot.ice_servers = {{{"turn:127.0.0.1:3478?transport=udp"}, "u", "p"}};
  snapshot.resume_key = "resume-key";
  return snapshot;
}

void BM_DecodeConnectSnapshot(benchmark::State& state) {
  const std::string text =
      EncodeResult(1, MakeSnapshot(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    absl::StatusOr<ServerMessage> message = DecodeServerMessage(text);
    if (!message.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(message);
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(text.size()));
  state.counters["frame_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_DecodeConnectSnapshot)->Arg(10)->Arg(100)->Arg(1000);

// The baseline for BM_DecodeConnectSnapshot: the JSON parse alone
// (ParseJson) of the same text, without the codec's checks and field reads.
void BM_ParseSnapshotJsonOnly(benchmark::State& state) {
  const std::string text =
      EncodeResult(1, MakeSnapshot(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    absl::StatusOr<Json> json = ParseJson(text);
    if (!json.ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(json);
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ParseSnapshotJsonOnly)->Arg(1000);

void BM_EncodeConnectSnapshot(benchmark::State& state) {
  const Snapshot snapshot = MakeSnapshot(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::string text = EncodeResult(1, snapshot);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_EncodeConnectSnapshot)->Arg(1000);

// Validates and encodes a signal whose data is `state.range(0)` bytes.
void BM_SignalValidateAndEncode(benchmark::State& state) {
  const std::string data(static_cast<size_t>(state.range(0)), 'x');
  int64_t id = 1;
  for (auto _ : state) {
    absl::Status status = ValidateSignal("chat.message", data, "connection-2");
    if (!status.ok()) state.SkipWithError("validation failed");
    std::string text = Encode(ClientRequest{
        id++, SignalRequest{"chat.message", data, "connection-2"}});
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SignalValidateAndEncode)->Arg(16)->Arg(1024)->Arg(8192);

// The server's side of a signal: decode the request, then validate it.
void BM_SignalDecodeAndValidate(benchmark::State& state) {
  const std::string data(static_cast<size_t>(state.range(0)), 'x');
  const std::string text = Encode(
      ClientRequest{1, SignalRequest{"chat.message", data, "connection-2"}});
  for (auto _ : state) {
    absl::StatusOr<ClientRequest> request = DecodeClientMessage(text);
    if (!request.ok()) state.SkipWithError("decode failed");
    const auto& signal = std::get<SignalRequest>(request->message);
    absl::Status status = ValidateSignal(signal.type, signal.data, signal.to);
    benchmark::DoNotOptimize(status);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SignalDecodeAndValidate)->Arg(16)->Arg(8192);

}  // namespace
}  // namespace sessioncore::protocol
