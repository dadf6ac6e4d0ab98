package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.telerounds.signaling.auth.Role;

/**
 * An admin's cart profile upload, through the real REST API, cannot pull the server's JWT secret
 * (or any file, URL or setting) into the response: includes are refused and substitutions never
 * reach the server's configuration, system properties or environment.
 */
class CartUploadIsolationIT {
  private static final String SECRET = "canary-" + java.util.UUID.randomUUID();
  private static final String IDENTITY_TAIL = ", model = \"rc200\", hospital = \"h\", ward = \"w\" }\n";
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void uploadsCannotReadTheJwtSecret() throws Exception {
    Path serverConf = Files.createTempFile("telerounds-server", ".conf");
    // Dev mode refuses a configured JWT secret, so a canary stands in for it: in a server config file
    // that an include could read, and in a system property that an outside substitution could read.
    Files.writeString(serverConf, "telerounds.signaling.auth.hs256-secret = \"" + SECRET + "\"\n");
    System.setProperty("canary.hs256-secret", SECRET);
    try (TestServer server = new TestServer()) {
      String admin = server.tokenFor("it-admin", Role.ADMIN);
      String base = server.http() + "/api";
      assertThat(put(base + "/cart-models/rc200", admin, CartConfigIT.text("models/rc200.conf")).statusCode())
          .isEqualTo(200);

      String ref = "${canary.hs256-secret}";
      String[] uploads = {
          "extends = \"rc200\"\nidentity { cart-id = ${telerounds.signaling.auth.hs256-secret}" + IDENTITY_TAIL,
          "extends = \"rc200\"\nidentity { cart-id = " + ref + IDENTITY_TAIL,
          "include file(\"" + serverConf + "\")\nextends = \"rc200\"\nidentity { cart-id = " + ref + IDENTITY_TAIL,
          "include required(file(\"" + serverConf + "\"))\nextends = \"rc200\"\nidentity.hospital = " + ref + "\n",
          "include classpath(\"reference.conf\")\nextends = \"rc200\"\nidentity { cart-id = " + ref + IDENTITY_TAIL,
          "include \"" + serverConf + "\"\nextends = \"rc200\"\nidentity { cart-id = " + ref + IDENTITY_TAIL,
      };
      for (String upload : uploads) {
        HttpResponse<String> r = put(base + "/carts/cart-0042/profile", admin, upload);
        assertThat(r.statusCode()).as(upload).isEqualTo(422);
        JsonNode problems = WsClient.JSON.readTree(r.body()).path("problems");
        assertThat(problems.toString()).as(upload).doesNotContain(SECRET)
            .containsAnyOf("include refused", "cannot resolve substitutions");
      }
      HttpResponse<String> model = put(base + "/cart-models/evil", admin,
          "include file(\"" + serverConf + "\")\nidentity.hospital = " + ref + "\n");
      assertThat(model.statusCode()).isEqualTo(422);
      assertThat(model.body()).contains("include refused").doesNotContain(SECRET);
    } finally {
      System.clearProperty("canary.hs256-secret");
      Files.deleteIfExists(serverConf);
    }
  }

  HttpResponse<String> put(String url, String token, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
