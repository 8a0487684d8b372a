// Store: the SQLite database of what must survive a restart: sessions
// created through the REST API and issue reports.
//
// Thread-safe: one mutex serialises the statements, which are short.
#ifndef SESSIONCORE_SERVER_STORE_H_
#define SESSIONCORE_SERVER_STORE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct sqlite3;

namespace sessioncore::server {

struct SessionRecord {
  std::string session_id;
  std::string api_key;
  std::string media_mode;    // "relayed" or "routed".
  std::string archive_mode;  // "manual" or "always".
  std::string location;      // May be empty.
  int64_t create_time_ms = 0;
};

struct IssueReport {
  std::string issue_id;  // Assigned by AddIssueReport().
  std::string session_id;
  std::string api_key;
  std::string connection_id;
  std::string description;
  int64_t create_time_ms = 0;
};

class Store {
 public:
  ~Store();

  // Opens (creating when needed) the database at `path` and its tables. An
  // empty `path` keeps everything in memory. Fails with kInternalError
  // naming the path and SQLite's message.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& path);

  // Inserts or replaces the record of `record.session_id`.
  absl::Status PutSession(const SessionRecord& record);

  // Returns the record of `session_id`, or nullopt when there is none.
  absl::StatusOr<std::optional<SessionRecord>> GetSession(
      const std::string& session_id);

  // Stores `report` under a new random ID and returns the ID.
  absl::StatusOr<std::string> AddIssueReport(const IssueReport& report);

  // Returns the report `issue_id`, or nullopt when there is none.
  absl::StatusOr<std::optional<IssueReport>> GetIssueReport(
      const std::string& issue_id);

 private:
  explicit Store(sqlite3* db) : db_(db) {}
  absl::Status Execute(const char* sql);

  std::mutex mutex_;
  sqlite3* db_;
};

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_STORE_H_
