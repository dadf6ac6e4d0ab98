/** Media-path metrics (Micrometer), low-cardinality labels only. */
package org.telerounds.media.metrics;
