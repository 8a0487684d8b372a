#include "server/store.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "server/ids.h"

namespace sessioncore::server {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS sessions ("
    "  session_id TEXT PRIMARY KEY,"
    "  api_key TEXT NOT NULL,"
    "  media_mode TEXT NOT NULL,"
    "  archive_mode TEXT NOT NULL,"
    "  location TEXT NOT NULL,"
    "  create_time_ms INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS issue_reports ("
    "  issue_id TEXT PRIMARY KEY,"
    "  session_id TEXT NOT NULL,"
    "  api_key TEXT NOT NULL,"
    "  connection_id TEXT NOT NULL,"
    "  description TEXT NOT NULL,"
    "  create_time_ms INTEGER NOT NULL);";

absl::Status SqliteError(sqlite3* db, std::string_view what) {
  return MakeError(ErrorCode::kInternalError,
                   absl::StrCat("SQLite ", what, ": ",
                                db ? sqlite3_errmsg(db) : "out of memory"));
}

// Owns one prepared statement and binds text and integers by position.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  bool ok() const { return stmt_ != nullptr; }
  void Bind(int index, const std::string& text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
  }
  void Bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
  }
  int Step() { return sqlite3_step(stmt_); }
  std::string Text(int column) {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    int size = sqlite3_column_bytes(stmt_, column);
    return text ? std::string(reinterpret_cast<const char*>(text), size) : "";
  }
  int64_t Int(int column) { return sqlite3_column_int64(stmt_, column); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

Store::~Store() { sqlite3_close(db_); }

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path) {
  sqlite3* db = nullptr;
  std::string name = path.empty() ? ":memory:" : path;
  int rc = sqlite3_open_v2(
      name.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
      nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = SqliteError(db, absl::StrCat("cannot open ", name));
    sqlite3_close(db);
    return status;
  }
  std::unique_ptr<Store> store(new Store(db));
  absl::Status status = store->Execute(kSchema);
  if (!status.ok()) return status;
  return store;
}

absl::Status Store::Execute(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return MakeError(ErrorCode::kInternalError,
                     absl::StrCat("SQLite schema: ", text));
  }
  return absl::OkStatus();
}

absl::Status Store::PutSession(const SessionRecord& record) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement stmt(db_,
                 "INSERT OR REPLACE INTO sessions (session_id, api_key, "
                 "media_mode, archive_mode, location, create_time_ms) "
                 "VALUES (?, ?, ?, ?, ?, ?)");
  if (!stmt.ok()) return SqliteError(db_, "prepare");
  stmt.Bind(1, record.session_id);
  stmt.Bind(2, record.api_key);
  stmt.Bind(3, record.media_mode);
  stmt.Bind(4, record.archive_mode);
  stmt.Bind(5, record.location);
  stmt.Bind(6, record.create_time_ms);
  if (stmt.Step() != SQLITE_DONE) return SqliteError(db_, "insert session");
  return absl::OkStatus();
}

absl::StatusOr<std::optional<SessionRecord>> Store::GetSession(
    const std::string& session_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement stmt(db_,
                 "SELECT session_id, api_key, media_mode, archive_mode, "
                 "location, create_time_ms FROM sessions WHERE session_id = ?");
  if (!stmt.ok()) return SqliteError(db_, "prepare");
  stmt.Bind(1, session_id);
  int rc = stmt.Step();
  if (rc == SQLITE_DONE) return std::optional<SessionRecord>();
  if (rc != SQLITE_ROW) return SqliteError(db_, "select session");
  return SessionRecord{stmt.Text(0), stmt.Text(1), stmt.Text(2),
                       stmt.Text(3), stmt.Text(4), stmt.Int(5)};
}

absl::StatusOr<std::string> Store::AddIssueReport(const IssueReport& report) {
  std::string issue_id = NewUuid();
  std::lock_guard<std::mutex> lock(mutex_);
  Statement stmt(db_,
                 "INSERT INTO issue_reports (issue_id, session_id, api_key, "
                 "connection_id, description, create_time_ms) "
                 "VALUES (?, ?, ?, ?, ?, ?)");
  if (!stmt.ok()) return SqliteError(db_, "prepare");
  stmt.Bind(1, issue_id);
  stmt.Bind(2, report.session_id);
  stmt.Bind(3, report.api_key);
  stmt.Bind(4, report.connection_id);
  stmt.Bind(5, report.description);
  stmt.Bind(6, report.create_time_ms);
  if (stmt.Step() != SQLITE_DONE) return SqliteError(db_, "insert issue");
  return issue_id;
}

absl::StatusOr<std::optional<IssueReport>> Store::GetIssueReport(
    const std::string& issue_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement stmt(db_,
                 "SELECT issue_id, session_id, api_key, connection_id, "
                 "description, create_time_ms FROM issue_reports "
                 "WHERE issue_id = ?");
  if (!stmt.ok()) return SqliteError(db_, "prepare");
  stmt.Bind(1, issue_id);
  int rc = stmt.Step();
  if (rc == SQLITE_DONE) return std::optional<IssueReport>();
  if (rc != SQLITE_ROW) return SqliteError(db_, "select issue");
  return IssueReport{stmt.Text(0), stmt.Text(1), stmt.Text(2),
                     stmt.Text(3), stmt.Text(4), stmt.Int(5)};
}

}  // namespace sessioncore::server
