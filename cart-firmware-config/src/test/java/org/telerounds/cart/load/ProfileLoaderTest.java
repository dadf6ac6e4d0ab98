package org.telerounds.cart.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.cart.validate.Problem;
import org.telerounds.cart.validate.Problems;

/** Inheritance, deep merging, and unusable files. */
class ProfileLoaderTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  @Test
  void cartOverridesMergeKeyByKeyOverTheBaseProfile() throws Exception {
    write("models/m1.conf", "cameras.room { fps = 30, role = \"camera:room\" }\nlist = [1, 2]\n");
    Path cart = write("carts/c.conf", "extends = \"m1\"\ncameras.room.fps = 15\nlist = [3]\n");
    Problems problems = new Problems(false);

    LoadedProfile loaded = new ProfileLoader(null).load(cart, problems);

    assertThat(problems.list()).isEmpty();
    assertThat(loaded.extendsModel()).isEqualTo("m1");
    assertThat(loaded.config().getInt("cameras.room.fps")).isEqualTo(15);
    assertThat(loaded.config().getString("cameras.room.role")).isEqualTo("camera:room");
    assertThat(loaded.config().getIntList("list")).containsExactly(3);
    assertThat(loaded.config().hasPath("extends")).isFalse();
  }

  @Test
  void modelsDirectoryCanBeGivenExplicitly() throws Exception {
    write("elsewhere/m2.conf", "a = 1\n");
    Path cart = write("c.conf", "extends = \"m2\"\n");
    LoadedProfile loaded = new ProfileLoader(dir.resolve("elsewhere")).load(cart, new Problems(false));
    assertThat(loaded.config().getInt("a")).isEqualTo(1);
  }

  @Test
  void defaultModelsDirectoryIsNextToTheCartsDirectory() {
    assertThat(ProfileLoader.defaultModelsDir(Path.of("examples/carts/cart-0042.conf")))
        .isEqualTo(Path.of("examples/models"));
    assertThat(ProfileLoader.defaultModelsDir(Path.of("cart.conf"))).isEqualTo(Path.of("../models"));
  }

  @Test
  void inheritanceIsOneLevelDeep() throws Exception {
    write("models/m3.conf", "extends = \"m1\"\n");
    Path cart = write("carts/c.conf", "extends = \"m3\"\n");
    Problems problems = new Problems(false);
    new ProfileLoader(null).load(cart, problems);
    assertThat(problems.list()).extracting(Problem::text).containsExactly(
        "extends: expected no extends in a base profile (inheritance is one level deep) but found \"m1\"");
  }

  @Test
  void extendsCannotEscapeTheModelsDirectory() throws Exception {
    Path cart = write("carts/c.conf", "extends = \"../../etc/passwd\"\n");
    Problems problems = new Problems(false);
    new ProfileLoader(null).load(cart, problems);
    assertThat(problems.list()).extracting(Problem::text).containsExactly(
        "extends: expected a model name matching [a-z0-9-]{1,64} but found \"../../etc/passwd\"");
  }

  @Test
  void substitutionsResolveAfterMergingAndNeverFromTheEnvironment() throws Exception {
    write("models/m4.conf", "base-rate = 2000\nrate = ${base-rate}\n");
    Path cart = write("carts/c.conf", "extends = \"m4\"\nbase-rate = 1000\n");
    assertThat(new ProfileLoader(null).load(cart, new Problems(false)).config().getInt("rate")).isEqualTo(1000);

    Path env = write("carts/e.conf", "home = ${HOME}\n");
    assertThatThrownBy(() -> new ProfileLoader(null).load(env, new Problems(false)))
        .isInstanceOf(BadFileException.class).hasMessageContaining("HOME");
  }

  @Test
  void missingFileIsAOneLineError() {
    assertThatThrownBy(() -> new ProfileLoader(null).load(dir.resolve("nope.conf"), new Problems(false)))
        .isInstanceOf(BadFileException.class)
        .hasMessage("cannot read profile " + dir.resolve("nope.conf") + ": no such file");
  }

  @Test
  void malformedHoconIsAOneLineErrorWithTheLine() throws Exception {
    Path bad = write("bad.conf", "a {\n  b = 1\n  c = \n");
    assertThatThrownBy(() -> new ProfileLoader(null).load(bad, new Problems(false)))
        .isInstanceOf(BadFileException.class)
        .hasMessageStartingWith("malformed HOCON in profile " + bad + ": 4:")
        .hasMessageNotContaining("\n");
  }

  @Test
  void malformedBaseProfileNamesTheBaseFile() throws Exception {
    Path base = write("models/m5.conf", "a = [\n");
    Path cart = write("carts/c.conf", "extends = \"m5\"\n");
    assertThatThrownBy(() -> new ProfileLoader(null).load(cart, new Problems(false)))
        .isInstanceOf(BadFileException.class)
        .hasMessageContaining("base profile " + base);
  }
}
