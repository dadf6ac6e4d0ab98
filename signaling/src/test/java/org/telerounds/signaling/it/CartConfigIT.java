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
import org.telerounds.cart.bundle.BundleVerifier;
import org.telerounds.cart.bundle.Ed25519Keys;
import org.telerounds.signaling.auth.Role;

/**
 * The cart REST API as an admin and two carts use it, with the shipped example profiles: upload,
 * 422 with every problem, signed bundle with ETag/304, another cart's 403, versions and rollback.
 */
class CartConfigIT {
  static final Path EXAMPLES = Path.of("..", "cart-firmware-config", "examples");
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void adminProvisionsACartAndTheCartFetchesItsSignedBundle() throws Exception {
    try (TestServer server = new TestServer()) {
      String admin = server.tokenFor("it-admin", Role.ADMIN);
      String cart42 = server.tokenFor("cart-0042", Role.CART, "r1");
      String cart107 = server.tokenFor("cart-0107", Role.CART, "r1");
      String base = server.http() + "/api";

      assertThat(call(base + "/carts/cart-0042/config", null, "GET", null, null).statusCode()).isEqualTo(401);
      assertThat(call(base + "/cart-models/rc200", cart42, "PUT", text("models/rc200.conf"), null).statusCode())
          .isEqualTo(403);
      assertThat(call(base + "/cart-models/rc200", admin, "PUT", text("models/rc200.conf"), null).statusCode())
          .isEqualTo(200);
      assertThat(call(base + "/carts/cart-0042/config", cart42, "GET", null, null).statusCode()).isEqualTo(404);

      HttpResponse<String> bad = call(base + "/carts/cart-0042/profile", admin, "PUT",
          "extends = \"rc200\"\nidentity { cart-id = \"cart-0042\", model = \"rc200\", hospital = \"h\", ward = \"w\" }\n"
              + "cameras.room.fps = 500\ncameras.room.max-bitrate-kbps = \"fast\"\nnetwork.signaling-url = \"http://x\"\n",
          null);
      assertThat(bad.statusCode()).isEqualTo(422);
      JsonNode problems = WsClient.JSON.readTree(bad.body()).path("problems");
      assertThat(problems.size()).isGreaterThanOrEqualTo(3);
      assertThat(problems.toString()).contains("cameras.room.fps").contains("carts/cart-0042.conf:")
          .doesNotContain(server.cartStore.toString());

      HttpResponse<String> up = call(base + "/carts/cart-0042/profile", admin, "PUT", text("carts/cart-0042.conf"), null);
      assertThat(up.statusCode()).isEqualTo(201);
      assertThat(WsClient.JSON.readTree(up.body()).path("version").asInt()).isEqualTo(1);

      HttpResponse<String> got = call(base + "/carts/cart-0042/config", cart42, "GET", null, null);
      assertThat(got.statusCode()).isEqualTo(200);
      String etag1 = got.headers().firstValue("ETag").orElseThrow();
      var pub = Ed25519Keys.publicKeyOf(Ed25519Keys.readPrivate(server.recordings.resolve("secrets/cart-signing-key.pem")));
      assertThat(BundleVerifier.verify(got.body(), pub).valid()).isTrue();
      assertThat(call(base + "/carts/cart-0042/config", cart42, "GET", null, etag1).statusCode()).isEqualTo(304);
      assertThat(call(base + "/carts/cart-0042/config", cart107, "GET", null, null).statusCode()).isEqualTo(403);
      assertThat(call(base + "/carts/cart-0042/profile", cart42, "PUT", text("carts/cart-0042.conf"), null)
          .statusCode()).isEqualTo(403);

      String v2 = text("carts/cart-0042.conf") + "\ncameras.room.fps = 25\n";
      assertThat(call(base + "/carts/cart-0042/profile", admin, "PUT", v2, null).statusCode()).isEqualTo(201);
      String etag2 = call(base + "/carts/cart-0042/config", cart42, "GET", null, etag1).headers()
          .firstValue("ETag").orElseThrow();
      assertThat(etag2).isNotEqualTo(etag1);
      JsonNode versions = WsClient.JSON.readTree(call(base + "/carts/cart-0042/versions", admin, "GET", null, null).body());
      assertThat(versions.path("active").asInt()).isEqualTo(2);
      assertThat(versions.path("versions").toString()).isEqualTo("[1,2]");

      assertThat(call(base + "/carts/cart-0042/rollback?version=9", admin, "POST", "", null).statusCode()).isEqualTo(404);
      assertThat(call(base + "/carts/cart-0042/rollback?version=1", admin, "POST", "", null).statusCode()).isEqualTo(200);
      assertThat(call(base + "/carts/cart-0042/config", cart42, "GET", null, etag1).statusCode()).isEqualTo(304);
    }
  }

  static String text(String example) throws Exception {
    return Files.readString(EXAMPLES.resolve(example));
  }

  HttpResponse<String> call(String url, String token, String method, String body, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (ifNoneMatch != null) b.header("If-None-Match", ifNoneMatch);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
