package org.telerounds.recorder.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Sits between the embedded store's files and its encrypting layer, and gives an ETag to objects
 * that have none. The filesystem store keeps an object's ETag in the file's extended attributes
 * ({@code user.content-md5}); a file restored from a backup or copied without them has no ETag,
 * and S3Proxy's encrypting layer then fails every listing of its prefix and every HEAD of it with
 * an internal error (a NullPointerException). For the audit log that meant 503 on the whole audit
 * API. Here the missing ETag is the MD5 of the stored bytes, as the store would have written it,
 * computed once per object version and remembered (bounded), and the object is logged once.
 */
final class MissingEtagBlobStore extends ForwardingBlobStore {
  private static final Logger LOG = LoggerFactory.getLogger("recorder.store");
  private static final int REMEMBERED = 4096;
  private final Map<String, String> computed = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > REMEMBERED;
    }
  };

  MissingEtagBlobStore(BlobStore delegate) {
    super(delegate);
  }

  @Override
  public ListObjectsV2Response list(ListObjectsV2Request request) {
    ListObjectsV2Response r = super.list(request);
    if (r.contents().stream().allMatch(o -> o.eTag() != null)) return r;
    List<S3Object> fixed = new ArrayList<>(r.contents().size());
    for (S3Object o : r.contents()) {
      fixed.add(o.eTag() != null ? o : o.toBuilder().eTag(etag(request.bucket(), o.key(), o.size(),
          o.lastModified() == null ? 0 : o.lastModified().toEpochMilli())).build());
    }
    return r.toBuilder().contents(fixed).build();
  }

  @Override
  public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
    HeadObjectResponse r = super.blobMetadata(request);
    if (r == null || r.eTag() != null) return r;
    long size = r.contentLength() == null ? -1 : r.contentLength();
    long modified = r.lastModified() == null ? 0 : r.lastModified().toEpochMilli();
    return r.toBuilder().eTag(etag(request.bucket(), request.key(), size, modified)).build();
  }

  private String etag(String bucket, String key, Long size, long modified) {
    String id = bucket + "/" + key + "@" + size + "@" + modified;
    synchronized (computed) {
      String known = computed.get(id);
      if (known != null) return known;
    }
    String etag;
    try (InputStream in = delegate().getBlob(bucket, key)) {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) md5.update(buf, 0, n);
      etag = HexFormat.of().formatHex(md5.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot read " + key + " to give it an ETag: " + e.getMessage(), e);
    }
    LOG.warn("object store: {} has no stored ETag (restored without its extended attributes?); using its MD5",
        key);
    synchronized (computed) {
      computed.put(id, etag);
    }
    return etag;
  }
}
