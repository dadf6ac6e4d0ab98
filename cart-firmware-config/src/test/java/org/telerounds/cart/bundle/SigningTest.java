package org.telerounds.cart.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.cart.CartProfiles;
import org.telerounds.cart.model.CartProfile;

/** Sign, verify, and every way a bundle can be tampered with. */
class SigningTest {
  private final KeyPair keys = Ed25519Keys.generate();
  private CartProfile profile;
  private String signed;

  @BeforeEach
  void signExample() throws Exception {
    profile = CartProfiles.validateCart(Path.of("examples/carts/cart-0042.conf"), null).profile();
    signed = BundleSigner.sign(profile, keys.getPrivate()).toText();
  }

  @Test
  void signedBundleVerifies() {
    Verification v = BundleVerifier.verify(signed, keys.getPublic());
    assertThat(v.valid()).as(v.reason()).isTrue();
    assertThat(v.cartId()).isEqualTo("cart-0042");
    assertThat(v.keyId()).isEqualTo(Ed25519Keys.keyId(keys.getPublic())).matches("[0-9a-f]{16}");
  }

  @Test
  void nestingDeeperThanJacksonAllowsIsRefusedWithAReasonNotACrash() {
    // found by BundleFuzzTest's long run: the nesting-limit error has no location, and reading its
    // line number threw NullPointerException
    Verification v = BundleVerifier.verify("[".repeat(2000) + "{", keys.getPublic());
    assertThat(v.valid()).isFalse();
    assertThat(v.reason()).startsWith("not valid JSON");
  }

  @Test
  void reformattingTheBundleKeepsItValid() throws Exception {
    ObjectNode parsed = (ObjectNode) Json.parse(signed);
    String compact = Json.MAPPER.writeValueAsString(parsed);
    assertThat(BundleVerifier.verify(compact, keys.getPublic()).valid()).isTrue();
  }

  @Test
  void changingOneByteOfTheProfileFailsVerify() {
    String tampered = signed.replace("\"maxBitrateKbps\" : 2500", "\"maxBitrateKbps\" : 2509");
    assertThat(tampered).isNotEqualTo(signed);
    Verification v = BundleVerifier.verify(tampered, keys.getPublic());
    assertThat(v.valid()).isFalse();
    assertThat(v.reason()).startsWith("the signature does not match the profile");
  }

  @Test
  void changingTheTurnCredentialFailsVerify() {
    String tampered = signed.replace("change-me-per-cart", "change-me-per-carT");
    assertThat(BundleVerifier.verify(tampered, keys.getPublic()).valid()).isFalse();
  }

  @Test
  void addingAKeyToTheProfileFailsVerify() throws Exception {
    ObjectNode root = (ObjectNode) Json.parse(signed);
    ((ObjectNode) root.get("profile")).put("extra", true);
    assertThat(BundleVerifier.verify(Json.MAPPER.writeValueAsString(root), keys.getPublic()).valid()).isFalse();
  }

  @Test
  void changingOneBitOfTheSignatureFailsVerify() throws Exception {
    ObjectNode root = (ObjectNode) Json.parse(signed);
    byte[] sig = Base64.getDecoder().decode(root.get("signature").asText());
    sig[10] ^= 1;
    root.put("signature", Base64.getEncoder().encodeToString(sig));
    Verification v = BundleVerifier.verify(Json.MAPPER.writeValueAsString(root), keys.getPublic());
    assertThat(v.valid()).isFalse();
    assertThat(v.reason()).startsWith("the signature does not match the profile");
  }

  @Test
  void anotherKeyFailsVerifyAndSaysWhichKeySigned() {
    KeyPair other = Ed25519Keys.generate();
    Verification v = BundleVerifier.verify(signed, other.getPublic());
    assertThat(v.valid()).isFalse();
    assertThat(v.reason()).isEqualTo("the bundle names key " + Ed25519Keys.keyId(keys.getPublic())
        + " but the trusted public key is " + Ed25519Keys.keyId(other.getPublic()));
  }

  @Test
  void aForgedKeyIdDoesNotHelp() throws Exception {
    KeyPair other = Ed25519Keys.generate();
    ObjectNode root = (ObjectNode) Json.parse(signed);
    root.put("keyId", Ed25519Keys.keyId(other.getPublic()));
    assertThat(BundleVerifier.verify(Json.MAPPER.writeValueAsString(root), other.getPublic()).valid()).isFalse();
  }

  @Test
  void unsignedMalformedAndDuplicateKeyBundlesFail() {
    String unsigned = Bundle.unsigned(ProfileJson.render(profile)).toText();
    assertThat(BundleVerifier.verify(unsigned, keys.getPublic()).reason()).contains("not signed");
    assertThat(BundleVerifier.verify("{\"format\":", keys.getPublic()).reason()).startsWith("not valid JSON");
    assertThat(BundleVerifier.verify("[]", keys.getPublic()).reason()).contains("expected a JSON object");
    String duplicate = signed.replaceFirst("\\{", "{\"format\":\"x\",");
    assertThat(BundleVerifier.verify(duplicate, keys.getPublic()).reason()).contains("Duplicate field");
  }

  @Test
  void pemFilesRoundTripAndThePublicKeyFollowsFromThePrivate(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("private.pem"), Ed25519Keys.privatePem(keys.getPrivate()));
    Files.writeString(dir.resolve("public.pem"), Ed25519Keys.publicPem(keys.getPublic()));
    assertThat(Files.readString(dir.resolve("public.pem"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
    var priv = Ed25519Keys.readPrivate(dir.resolve("private.pem"));
    var pub = Ed25519Keys.readPublic(dir.resolve("public.pem"));
    assertThat(priv.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    assertThat(pub.getEncoded()).isEqualTo(keys.getPublic().getEncoded());
    assertThat(Ed25519Keys.publicKeyOf(priv).getEncoded()).isEqualTo(keys.getPublic().getEncoded());
  }

  @Test
  void signaturesAreDeterministic() {
    assertThat(BundleSigner.sign(profile, keys.getPrivate()).toText()).isEqualTo(signed);
  }
}
