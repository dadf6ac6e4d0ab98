/** Serving signed cart profiles to carts, and managing them for admins, over REST. */
package org.telerounds.signaling.carts;
