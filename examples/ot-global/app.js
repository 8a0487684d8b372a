// Joins the session, publishes the camera, subscribes to every other
// stream and runs a text chat over signals, in the OpenTok.js style.

// Reports an error from any callback.
function reportError(error) {
  if (error) {
    console.error(error.name + ' (' + error.code + '): ' + error.message);
  }
}

function startSession() {
  var session = OT.initSession(apiKey, sessionId);

  // Subscribe to each stream that another client publishes.
  session.on('streamCreated', function (event) {
    session.subscribe(
      event.stream,
      'subscriber',
      { insertMode: 'append', width: 240, height: 180 },
      reportError,
    );
  });

  session.on('sessionDisconnected', function (event) {
    console.log('left the session: ' + event.reason);
  });

  // Show each chat message, marking this client's own.
  session.on('signal:msg', function (event) {
    var line = document.createElement('p');
    line.textContent = event.data;
    var mine = event.from.connectionId === session.connection.connectionId;
    line.className = mine ? 'mine' : 'theirs';
    document.getElementById('history').appendChild(line);
  });

  // Capture the camera into #publisher right away.
  var publisher = OT.initPublisher(
    'publisher',
    { insertMode: 'append', width: '100%', height: '100%' },
    reportError,
  );

  // Connect, then publish.
  session.connect(token, function (error) {
    if (error) {
      reportError(error);
      return;
    }
    session.publish(publisher, reportError);
  });

  // Send the typed message to everyone in the session.
  document
    .getElementById('message-form')
    .addEventListener('submit', function (event) {
      event.preventDefault();
      var input = document.getElementById('message');
      session.signal({ type: 'msg', data: input.value }, function (error) {
        if (error) {
          reportError(error);
        } else {
          input.value = '';
        }
      });
    });
}

if (apiKey && sessionId && token) {
  startSession();
} else {
  // Demo server only: create a session and a token for this page.
  fetch('/v1/demo/token', { method: 'POST', body: '{}' })
    .then(function (response) {
      return response.json();
    })
    .then(function (minted) {
      apiKey = minted.apiKey;
      sessionId = minted.sessionId;
      token = minted.token;
      history.replaceState(
        null,
        '',
        '?apiKey=' +
          encodeURIComponent(apiKey) +
          '&sessionId=' +
          encodeURIComponent(sessionId) +
          '&token=' +
          encodeURIComponent(token),
      );
      startSession();
    }, reportError);
}
