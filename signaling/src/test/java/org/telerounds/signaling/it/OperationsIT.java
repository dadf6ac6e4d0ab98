package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** /health, /metrics and the pages, as an operator and a browser would fetch them. */
class OperationsIT {
  @Test
  void healthMetricsAndPages() throws Exception {
    try (TestServer server = new TestServer()) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = get(http, server.http() + "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(WsClient.JSON.readTree(health.body()).path("status").asText()).isEqualTo("ok");

      HttpResponse<String> metrics = get(http, server.http() + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("telerounds_media_packets_in_total{type=\"rtp\"}",
          "telerounds_media_bytes_out_bytes_total", "telerounds_media_drops_total{reason=\"srtp_auth\"}",
          "telerounds_media_dtls_failures_total{reason=\"fingerprint\"}",
          "telerounds_media_ice_failures_total{reason=\"consent-expired\"}", "telerounds_media_rooms",
          "telerounds_signaling_endpoints");

      for (String page : new String[] {"/", "/cart", "/expert", "/static/telerounds.js", "/static/style.css"}) {
        HttpResponse<String> r = get(http, server.http() + page);
        assertThat(r.statusCode()).as(page).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      }
      assertThat(get(http, server.http() + "/static/../../etc/passwd").statusCode()).isEqualTo(404);
      assertThat(get(http, server.http() + "/nope").statusCode()).isEqualTo(404);
    }
  }

  static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
