// A load client for sessioncore-server and the ws relay (bench/ws-relay.mjs)
// that runs every connection of a measure in one process and one thread.
// The Node clients of bench/load.mjs used up the 2 cores before either
// server did. bench/load.mjs starts the servers and runs this program with
// `--client cpp`, and the program prints one JSON object with its results,
// its own CPU time included.
//
//   load_client --measure round-trip --port P [--relay]
//       [--api-key K --api-secret S] --room R [--round-trips N]
//   load_client --measure fanout --port P [--relay] [...] --room R
//       [--connections N] [--signals N] [--window N] [--server-pid PID]
//
// round-trip: peer A signals peer B, B signals A back as soon as the
// signal arrives; A measures each round trip, one at a time.
// fanout: one sender broadcasts `signals` signals to a room of
// `connections` members (the sender included) with at most `window`
// broadcasts in flight (sent, own copy not yet received back). Receivers
// count text frames that carry the signal type without parsing JSON.
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "load_peer.h"

namespace sessioncore::bench {
namespace {

using Clock = std::chrono::steady_clock;

// The browser client's heartbeat period, which the server's default
// configuration also uses.
constexpr auto kHeartbeatPeriod = std::chrono::seconds(2);
// Ends a fan-out that stalls; it is not a performance requirement.
constexpr auto kGuard = std::chrono::seconds(120);
constexpr std::string_view kFanoutMarker = "\"signalType\":\"fanout\"";

struct Options {
  std::map<std::string, std::string> values;

  std::string Get(const std::string& name, std::string fallback = "") const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
  int64_t GetInt(const std::string& name, int64_t fallback) const {
    int64_t value = fallback;
    auto it = values.find(name);
    if (it != values.end() && !absl::SimpleAtoi(it->second, &value)) {
      std::fprintf(stderr, "--%s: \"%s\" is not an integer\n", name.c_str(),
                   it->second.c_str());
      std::exit(2);
    }
    return value;
  }
};

// Accepts `--name value` and `--name=value`. `--relay` takes no value.
Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      std::fprintf(stderr, "invalid argument \"%s\": options start with --\n",
                   arg.c_str());
      std::exit(2);
    }
    arg = arg.substr(2);
    std::size_t equals = arg.find('=');
    if (equals != std::string::npos) {
      options.values[arg.substr(0, equals)] = arg.substr(equals + 1);
    } else if (arg == "relay" || i + 1 == argc) {
      options.values[arg] = "true";
    } else {
      options.values[arg] = argv[++i];
    }
  }
  return options;
}

[[noreturn]] void Die(std::string_view what, const absl::Status& status) {
  std::fprintf(stderr, "load_client: %.*s: %s\n", static_cast<int>(what.size()),
               what.data(), status.ToString().c_str());
  std::exit(1);
}

std::unique_ptr<LoadPeer> JoinOrDie(const LoadTarget& target,
                                    const std::string& room, int index) {
  absl::StatusOr<std::unique_ptr<LoadPeer>> peer =
      LoadPeer::Join(target, room, index);
  if (!peer.ok()) Die(absl::StrCat("join of peer ", index), peer.status());
  return *std::move(peer);
}

double Seconds(Clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

// Returns the CPU time (user + system) of process `pid` so far, in
// seconds, or -1 when /proc has no such process.
double ProcessCpuSeconds(int64_t pid) {
  std::ifstream file(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(file)), {});
  std::size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::vector<std::string> fields;
  std::size_t start = close + 2;
  while (start < stat.size() && fields.size() < 13) {
    std::size_t end = stat.find(' ', start);
    fields.push_back(stat.substr(start, end - start));
    start = end == std::string::npos ? stat.size() : end + 1;
  }
  int64_t user = 0;
  int64_t system = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &user) ||
      !absl::SimpleAtoi(fields[12], &system)) {
    return -1;
  }
  return static_cast<double>(user + system) / sysconf(_SC_CLK_TCK);
}

double OwnCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<int64_t>(std::ceil(p * sorted.size())) - 1;
  rank = std::clamp<int64_t>(rank, 0, sorted.size() - 1);
  return sorted[rank];
}

// Reads from `peer` until a text message containing `marker` arrives.
void AwaitMarker(LoadPeer& peer, std::string_view marker) {
  bool seen = false;
  while (!seen) {
    absl::Status status = peer.socket().ReadBlocking([&](std::string_view t) {
      peer.NoteSeq(t);
      seen = seen || t.find(marker) != std::string_view::npos;
    });
    if (!status.ok()) Die(absl::StrCat("waiting for ", marker), status);
  }
}

void RunRoundTrip(const LoadTarget& target, const Options& options) {
  const std::string room = options.Get("room", "room-0");
  const int64_t count = options.GetInt("round-trips", 2000);
  const int64_t warmup = std::min<int64_t>(200, count);
  std::unique_ptr<LoadPeer> b = JoinOrDie(target, room, 1);
  std::unique_ptr<LoadPeer> a = JoinOrDie(target, room, 2);
  std::vector<double> micros;
  Clock::time_point next_heartbeat = Clock::now() + kHeartbeatPeriod;
  for (int64_t i = 0; i < warmup + count; ++i) {
    const Clock::time_point start = Clock::now();
    absl::Status status = a->SendSignal("rt", b->id());
    if (!status.ok()) Die("signal from A", status);
    AwaitMarker(*b, "\"signalType\":\"rt\"");
    status = b->SendSignal("rt-back", a->id());
    if (!status.ok()) Die("signal from B", status);
    AwaitMarker(*a, "\"signalType\":\"rt-back\"");
    const Clock::time_point end = Clock::now();
    if (i >= warmup) micros.push_back(Seconds(end - start) * 1e6);
    if (end >= next_heartbeat) {
      next_heartbeat = end + kHeartbeatPeriod;
      if (!(status = a->SendHeartbeat()).ok()) Die("heartbeat of A", status);
      if (!(status = b->SendHeartbeat()).ok()) Die("heartbeat of B", status);
    }
  }
  std::sort(micros.begin(), micros.end());
  std::printf(
      "{\"measure\":\"round-trip\",\"roundTrips\":%zu,\"p50Us\":%.1f,"
      "\"p99Us\":%.1f,\"minUs\":%.1f,\"maxUs\":%.1f}\n",
      micros.size(), Percentile(micros, 0.5), Percentile(micros, 0.99),
      micros.front(), micros.back());
}

// The state of one fan-out run; all of it lives on the one thread.
class Fanout {
 public:
  Fanout(const LoadTarget& target, const Options& options)
      : room_(options.Get("room", "room-0")),
        members_(options.GetInt("connections", 1000)),
        signals_(options.GetInt("signals", 2000)),
        window_(options.GetInt("window", 256)),
        server_pid_(options.GetInt("server-pid", 0)),
        epoll_(epoll_create1(EPOLL_CLOEXEC)) {
    // The receivers join first, so that the sender's first broadcast finds
    // the room complete.
    for (int64_t i = 1; i < members_; ++i)
      Add(JoinOrDie(target, room_, 10 + i));
    Add(JoinOrDie(target, room_, 0));
  }
  ~Fanout() { close(epoll_); }

  void Run();

 private:
  void Add(std::unique_ptr<LoadPeer> peer);
  void SendWithinWindow();
  void ReadReady(int timeout_ms);
  void OnText(std::size_t index, std::string_view text);
  void Heartbeat();
  void FlushAll();
  void Drop(std::size_t index, const absl::Status& status);
  void Report(Clock::duration elapsed, double server_cpu, double client_cpu);

  const std::string room_;
  const int64_t members_;
  const int64_t signals_;
  const int64_t window_;
  const int64_t server_pid_;
  const int epoll_;
  std::vector<std::unique_ptr<LoadPeer>> peers_;  // The sender is last.
  int64_t sent_ = 0;
  int64_t echoed_ = 0;  // Broadcasts that came back to the sender.
  int64_t delivered_ = 0;
  int64_t dropped_ = 0;
  std::string first_error_;
  Clock::time_point last_delivery_;
};

void Fanout::Add(std::unique_ptr<LoadPeer> peer) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = peers_.size();
  epoll_ctl(epoll_, EPOLL_CTL_ADD, peer->socket().fd(), &event);
  peers_.push_back(std::move(peer));
}

void Fanout::Run() {
  const int64_t expected = signals_ * members_;
  const double server_before = ProcessCpuSeconds(server_pid_);
  const double client_before = OwnCpuSeconds();
  const Clock::time_point start = Clock::now();
  Clock::time_point next_heartbeat = start + kHeartbeatPeriod;
  last_delivery_ = start;
  while (delivered_ < expected && Clock::now() - start < kGuard) {
    SendWithinWindow();
    ReadReady(sent_ < signals_ && sent_ - echoed_ < window_ ? 0 : 10);
    if (Clock::now() >= next_heartbeat) {
      next_heartbeat += kHeartbeatPeriod;
      Heartbeat();
    }
  }
  Report(last_delivery_ - start, ProcessCpuSeconds(server_pid_) - server_before,
         OwnCpuSeconds() - client_before);
}

void Fanout::SendWithinWindow() {
  LoadPeer& sender = *peers_.back();
  while (sent_ < signals_ && sent_ - echoed_ < window_) {
    absl::Status status = sender.SendSignal("fanout", std::nullopt);
    if (!status.ok()) Die("broadcast from the sender", status);
    ++sent_;
  }
}

void Fanout::ReadReady(int timeout_ms) {
  epoll_event events[256];
  int ready = epoll_wait(epoll_, events, 256, timeout_ms);
  for (int i = 0; i < ready; ++i) {
    const std::size_t index = events[i].data.u64;
    if (peers_[index] == nullptr) continue;  // Dropped earlier in this batch.
    LoadPeer& peer = *peers_[index];
    absl::Status status = peer.socket().ReadAvailable(
        [&](std::string_view text) { OnText(index, text); });
    if (status.ok() && peer.socket().has_pending_output()) {
      status = peer.socket().Flush().status();
    }
    if (!status.ok()) Drop(index, status);
  }
  if (peers_.back()->socket().has_pending_output()) FlushAll();
}

void Fanout::OnText(std::size_t index, std::string_view text) {
  LoadPeer& peer = *peers_[index];
  peer.NoteSeq(text);
  if (text.find(kFanoutMarker) == std::string_view::npos) return;
  ++delivered_;
  last_delivery_ = Clock::now();
  if (index + 1 == peers_.size()) ++echoed_;
}

void Fanout::Heartbeat() {
  for (std::size_t i = 0; i < peers_.size(); ++i) {
    if (peers_[i] == nullptr) continue;
    absl::Status status = peers_[i]->SendHeartbeat();
    if (!status.ok()) Drop(i, status);
  }
}

// Writes what sockets could not take at once; used when the sender's
// socket is full, which also means the server is behind.
void Fanout::FlushAll() {
  for (std::size_t i = 0; i < peers_.size(); ++i) {
    if (peers_[i] == nullptr || !peers_[i]->socket().has_pending_output())
      continue;
    absl::StatusOr<bool> flushed = peers_[i]->socket().Flush();
    if (!flushed.ok()) Drop(i, flushed.status());
  }
}

void Fanout::Drop(std::size_t index, const absl::Status& status) {
  if (index + 1 == peers_.size()) Die("the sender's socket", status);
  if (first_error_.empty()) first_error_ = status.ToString();
  epoll_ctl(epoll_, EPOLL_CTL_DEL, peers_[index]->socket().fd(), nullptr);
  peers_[index].reset();
  ++dropped_;
}

void Fanout::Report(Clock::duration elapsed, double server_cpu,
                    double client_cpu) {
  const double seconds = Seconds(elapsed);
  std::printf(
      "{\"measure\":\"fanout\",\"connections\":%zu,\"signals\":%lld,"
      "\"window\":%lld,\"deliveries\":%lld,\"expected\":%lld,"
      "\"seconds\":%.3f,\"perSecond\":%.0f,\"serverCpuSeconds\":%.2f,"
      "\"clientCpuSeconds\":%.2f,\"closes\":%lld,\"complete\":%s,"
      "\"firstError\":\"%s\"}\n",
      peers_.size(), static_cast<long long>(signals_),
      static_cast<long long>(window_), static_cast<long long>(delivered_),
      static_cast<long long>(signals_ * members_), seconds,
      seconds > 0 ? delivered_ / seconds : 0.0, server_cpu, client_cpu,
      static_cast<long long>(dropped_),
      delivered_ == signals_ * members_ ? "true" : "false",
      first_error_.c_str());
}

LoadTarget TargetFrom(const Options& options) {
  LoadTarget target;
  target.relay = options.Get("relay") == "true";
  target.host = options.Get("host", "127.0.0.1");
  target.port = static_cast<uint16_t>(options.GetInt("port", 0));
  target.path = options.Get("path", target.relay ? "/" : "/v1/ws");
  target.api_key = options.Get("api-key");
  target.api_secret = options.Get("api-secret");
  return target;
}

}  // namespace
}  // namespace sessioncore::bench

int main(int argc, char** argv) {
  using namespace sessioncore::bench;
  const Options options = ParseOptions(argc, argv);
  const LoadTarget target = TargetFrom(options);
  const std::string measure = options.Get("measure");
  if (target.port == 0) {
    std::fprintf(stderr, "--port is required\n");
    return 2;
  }
  if (measure == "round-trip") {
    RunRoundTrip(target, options);
  } else if (measure == "fanout") {
    Fanout(target, options).Run();
  } else {
    std::fprintf(stderr, "--measure \"%s\" is not one of round-trip, fanout\n",
                 measure.c_str());
    return 2;
  }
  return 0;
}
