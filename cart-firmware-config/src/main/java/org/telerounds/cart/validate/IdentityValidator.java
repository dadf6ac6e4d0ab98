package org.telerounds.cart.validate;

import java.util.List;
import org.telerounds.cart.model.Identity;

/**
 * Reads {@code identity}: cart id, model, hospital and ward, all ids. When the profile extends a
 * base profile, {@code identity.model} must name that same model, so a cart cannot claim to be an
 * rc300 while inheriting an rc200's devices.
 */
final class IdentityValidator {
  static final List<String> KEYS = List.of("cart-id", "model", "hospital", "ward");

  private IdentityValidator() {}

  /** The identity, or {@code null} when the section is missing or not an object. */
  static Identity read(Section root, String extendsModel) {
    Section s = root.object("identity", true);
    if (s == null) {
      return null;
    }
    s.rejectUnknown(KEYS);
    String cartId = s.id("cart-id");
    String model = s.id("model");
    String hospital = s.id("hospital");
    String ward = s.id("ward");
    if (model != null && extendsModel != null && !model.equals(extendsModel)) {
      s.problem("model", Found.quote(extendsModel) + " (the model named by extends)", Found.quote(model));
    }
    return new Identity(cartId, model, hospital, ward);
  }
}
