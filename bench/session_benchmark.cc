// Event dispatch rate of the client session core: how many inbound signal
// pushes per second a connected ClientSession turns into events, including
// the JSON the browser glue receives for each output.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "core/protocol/codec.h"
#include "core/session/client_session.h"
#include "core/session_options.h"

namespace sessioncore {
namespace {

constexpr char kSessionId[] = "1_MX4xMjM0NX4";

// Returns a session that completed connect with a snapshot of `peers`
// remote connections.
session::ClientSession ConnectedSession(int peers) {
  session::ClientSession client(kSessionId, "12345", SessionOptions(),
                                "ws://127.0.0.1:1/v1/ws");
  client.Connect("T1==token", 1);
  client.OnSocketOpen();
  int64_t connect_id = 0;
  for (const session::Output& output : client.TakeOutputs()) {
    Json json = output.ToJson();
    if (json["kind"] != "send") continue;
    auto request = protocol::DecodeClientMessage(json["text"].AsString());
    if (request.ok()) connect_id = request->id;
  }
  protocol::Snapshot snapshot;
  snapshot.connection = Connection{"local", 1700000000000, ""};
  snapshot.role = Role::kPublisher;
  snapshot.capabilities = CapabilitiesForRole(Role::kPublisher);
  for (int i = 0; i < peers; ++i) {
    snapshot.connections.push_back(
        Connection{"peer-" + std::to_string(i), 1700000000000, ""});
  }
  client.OnSocketMessage(protocol::EncodeResult(connect_id, snapshot));
  client.TakeOutputs();
  return client;
}

// One iteration: a signal push arrives, the core emits `signal` and
// `signal:<type>`, and the glue converts every output to JSON.
void BM_DispatchSignalPush(benchmark::State& state) {
  session::ClientSession client = ConnectedSession(100);
  const std::string frame = protocol::Encode(
      protocol::ServerMessage(protocol::SignalPush{"chat", "hello", "peer-7"}));
  int64_t events = 0;
  for (auto _ : state) {
    client.OnSocketMessage(frame);
    for (const session::Output& output : client.TakeOutputs()) {
      Json json = output.ToJson();
      benchmark::DoNotOptimize(json);
      events += json["kind"] == "event";
    }
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events),
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DispatchSignalPush);

}  // namespace
}  // namespace sessioncore
