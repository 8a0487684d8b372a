// The project key, session ID and token. A real app gets them from its own
// backend; this page takes them from the query string
// (?apiKey=..&sessionId=..&token=..) or, when they are missing, requests
// a new session and token from the demo server.
var apiKey = new URLSearchParams(location.search).get('apiKey');
var sessionId = new URLSearchParams(location.search).get('sessionId');
var token = new URLSearchParams(location.search).get('token');
