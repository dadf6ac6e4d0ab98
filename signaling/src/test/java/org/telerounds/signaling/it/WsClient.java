package org.telerounds.signaling.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A signaling test client on the JDK's WebSocket, collecting JSON messages in order. */
final class WsClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
  final WebSocket ws;
  volatile int closeCode = -1;
  final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();

  WsClient(String wsUrl, String room, String token) throws Exception {
    ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(wsUrl + "?room=" + room + "&token=" + token), new WebSocket.Listener() {
          final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              try {
                inbox.add(JSON.readTree(partial.toString()));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              partial.setLength(0);
            }
            w.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onPong(WebSocket w, java.nio.ByteBuffer message) {
            pongs.add(StandardCharsets.UTF_8.decode(message).toString());
            w.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closeCode = code;
            return null;
          }
        }).get(5, TimeUnit.SECONDS);
  }

  void send(String text) throws Exception {
    ws.sendText(text, true).get(5, TimeUnit.SECONDS);
  }

  /** The next message of any type. */
  JsonNode next() throws InterruptedException {
    JsonNode m = inbox.poll(10, TimeUnit.SECONDS);
    if (m == null) throw new AssertionError("no message within 10 s");
    return m;
  }

  /** The next message of {@code type}, skipping others. */
  JsonNode next(String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonNode m = inbox.poll(100, TimeUnit.MILLISECONDS);
      if (m != null && type.equals(m.path("type").asText())) return m;
    }
    throw new AssertionError("no " + type + " message within 10 s");
  }

  @Override
  public void close() {
    ws.abort();
  }

  /** A raw HTTP GET with upgrade headers: returns "STATUS\nBODY" (the JDK client hides refused bodies). */
  static String rawUpgrade(int port, String pathAndQuery) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String resp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String status = resp.substring(9, 12);
      String body = resp.substring(resp.indexOf("\r\n\r\n") + 4);
      return status + "\n" + body;
    }
  }
}
