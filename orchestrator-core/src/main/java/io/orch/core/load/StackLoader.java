package io.orch.core.load;

import io.orch.core.model.NetworkSpec;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.VolumeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads a Compose-style stack file into the orch model in compose-go's stages: parse (located tree) -> interpolate
 * -> read and validate (typed, every problem collected) -> normalize (profiles, default network, cross-references)
 * -> model. Never throws for bad input: every problem is a located {@link Diagnostic}, and the stack is null when any
 * of them is an error.
 */
public final class StackLoader {
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final Map<String, String> environment;

  /** @param environment the process environment (tests pass a map) */
  public StackLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Loads a file; {@code .env} and {@code env_file} paths are read beside it. */
  public LoadResult load(Path file, String projectName, Set<String> activeProfiles) {
    String text;
    try (InputStream in = Files.newInputStream(file)) {
      // Read at most one byte past the limit: a huge file (or /dev/zero) is refused without filling the memory.
      byte[] bytes = in.readNBytes(ParserLimits.MAX_DOCUMENT_SIZE + 1);
      if (bytes.length > ParserLimits.MAX_DOCUMENT_SIZE) {
        return failure(file.toString(), "stack file is larger than " + ParserLimits.MAX_DOCUMENT_SIZE + " bytes",
            "split the stack or remove what it does not need");
      }
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      return failure(file.toString(), "stack file not found", "check the path given with -f");
    } catch (CharacterCodingException e) {
      return failure(file.toString(), "stack file is not UTF-8 text", "save it as UTF-8");
    } catch (IOException e) {
      return failure(file.toString(), "cannot read stack file: " + e.getMessage(), "check the file's permissions");
    }
    Path baseDir = file.toAbsolutePath().normalize().getParent();
    return loadText(text, file.toString(), baseDir, projectName, activeProfiles);
  }

  /**
   * Loads YAML text. {@code fileName} names the source in diagnostics; {@code baseDir} is the folder relative paths,
   * {@code .env} and {@code env_file} are read from (null: none are read). {@code projectName} (-p) is used when the
   * file has no {@code name:}.
   */
  public LoadResult loadText(String yaml, String fileName, Path baseDir, String projectName,
      Set<String> activeProfiles) {
    return loadTraced(yaml, fileName, baseDir, projectName, activeProfiles).result();
  }

  /** The result plus what tests need to prove no key was dropped: the tree read and the key paths consumed. */
  record Traced(LoadResult result, YamlNode tree, Set<String> consumed) {}

  Traced loadTraced(String yaml, String fileName, Path baseDir, String projectName, Set<String> activeProfiles) {
    Diagnostics diagnostics = new Diagnostics(fileName);
    YamlNode root = new YamlTreeReader(diagnostics).read(yaml);
    if (root == null) {
      return new Traced(new LoadResult(null, diagnostics.sorted(), Map.of()), null, Set.of());
    }
    Locations locations = Locations.of(root);
    Function<String, String> variables = variables(baseDir, diagnostics);
    root = new TreeInterpolator(new Interpolator(variables), diagnostics).apply(root);
    ReadContext ctx = new ReadContext(diagnostics, variables, baseDir);
    Stack stack = read(root, ctx, locations, baseDir, projectName, activeProfiles == null ? Set.of()
        : activeProfiles);
    LoadResult result = new LoadResult(diagnostics.hasErrors() ? null : stack, diagnostics.sorted(),
        locations.toSourceLocations(fileName));
    return new Traced(result, root, Set.copyOf(ctx.consumed()));
  }

  private static LoadResult failure(String file, String message, String hint) {
    Diagnostic d = new Diagnostic(Diagnostic.Severity.ERROR, file, 0, 0, "", message, hint);
    return new LoadResult(null, List.of(d), Map.of());
  }

  /** The process environment first, then {@code .env} beside the file (Compose's precedence). */
  private Function<String, String> variables(Path baseDir, Diagnostics diagnostics) {
    Map<String, String> dotEnv = Map.of();
    if (baseDir != null) {
      Path file = baseDir.resolve(".env");
      if (Files.isRegularFile(file)) {
        try {
          DotEnv.Parsed parsed = DotEnv.parse(Files.readString(file, StandardCharsets.UTF_8), environment::get);
          dotEnv = parsed.values();
          parsed.problems().forEach(p -> diagnostics.add(Diagnostic.Severity.ERROR, YamlNode.Mark.NONE, "",
              ".env " + p, "lines are KEY=VALUE, # starts a comment"));
        } catch (IOException e) {
          diagnostics.add(Diagnostic.Severity.ERROR, YamlNode.Mark.NONE, "", "cannot read " + file + ": "
              + e.getMessage(), "check the file's permissions");
        }
      }
    }
    Map<String, String> fromFile = dotEnv;
    return name -> environment.containsKey(name) ? environment.get(name) : fromFile.get(name);
  }

  private Stack read(YamlNode root, ReadContext ctx, Locations locations, Path baseDir, String projectName,
      Set<String> activeProfiles) {
    Fields top = ctx.fields(root, "services: {web: {image: nginx}}");
    if (top == null) {
      return null;
    }
    YamlNode version = top.take("version");
    if (version != null) {
      ctx.diagnostics.warning(version, "the attribute version is obsolete, it will be ignored",
          "remove it to avoid confusion");
    }
    String name = projectName(top, ctx, baseDir, projectName);
    Map<String, ServiceSpec> all = new LinkedHashMap<>();
    YamlNode servicesNode = top.value("services");
    if (servicesNode == null) {
      ctx.diagnostics.warning(root, "no services defined", "add services: {web: {image: nginx}}");
    } else {
      Fields services = ctx.fields(servicesNode, "services: {web: {image: nginx}}");
      if (services != null) {
        services.node().entries().forEach((serviceName, e) -> {
          if (serviceName.startsWith("x-")) {
            return;
          }
          services.take(serviceName);
          if (!SERVICE_NAME.matcher(serviceName).matches()) {
            ctx.diagnostics.add(Diagnostic.Severity.ERROR, e.keyMark(), e.value().path(), "invalid service name \""
                + serviceName + "\"", "use letters, digits, '_', '.', '-', starting with a letter or digit");
          }
          ServiceSpec spec = new ServiceReader(ctx, serviceName).read(e.value());
          if (spec != null) {
            all.put(serviceName, spec);
          }
        });
      }
    }
    TopLevelReader topLevel = new TopLevelReader(ctx);
    YamlNode networksNode = top.value("networks");
    Map<String, NetworkSpec> networks = networksNode == null ? new LinkedHashMap<>()
        : new LinkedHashMap<>(topLevel.networks(networksNode));
    YamlNode volumesNode = top.value("volumes");
    Map<String, VolumeSpec> volumes = volumesNode == null ? Map.of() : topLevel.volumes(volumesNode);
    top.finish();

    Map<String, ServiceSpec> enabled = new LinkedHashMap<>();
    Set<String> profiles = activeProfiles(activeProfiles, ctx.variables);
    all.forEach((n, s) -> {
      if (s.profiles().isEmpty() || profiles.contains("*") || s.profiles().stream().anyMatch(profiles::contains)) {
        enabled.put(n, s);
      }
    });
    Map<String, ServiceSpec> checked = new StackValidator(ctx.diagnostics, locations, ctx.references())
        .validate(enabled, all, networks.keySet(), volumes.keySet());
    // Compose's implicit network: whoever uses "default" gets it, declared or not.
    if (checked.values().stream().anyMatch(s -> s.networks().containsKey("default"))) {
      networks.putIfAbsent("default", NetworkSpec.bridge("default"));
    }
    if (ctx.diagnostics.hasErrors() || name == null) {
      return null;
    }
    return new Stack(name, checked, networks, volumes);
  }

  private static Set<String> activeProfiles(Set<String> given, Function<String, String> variables) {
    Set<String> out = new LinkedHashSet<>(given);
    String fromEnv = variables.apply("COMPOSE_PROFILES");
    if (fromEnv != null) {
      for (String p : fromEnv.split(",")) {
        if (!p.isBlank()) {
          out.add(p.strip());
        }
      }
    }
    return out;
  }

  /** {@code name:} in the file, else -p, else the folder name normalized as Compose does. */
  private static String projectName(Fields top, ReadContext ctx, Path baseDir, String projectName) {
    YamlNode nameNode = top.value("name");
    if (nameNode != null) {
      String name = ctx.string(nameNode, "name: myapp");
      if (name != null && !ProjectName.valid(name)) {
        ctx.diagnostics.error(nameNode, "invalid project name \"" + name + "\"", ProjectName.HINT
            + (ProjectName.valid(ProjectName.normalize(name)) ? ", e.g. " + ProjectName.normalize(name) : ""));
        return null;
      }
      return name;
    }
    if (projectName != null) {
      if (!ProjectName.valid(projectName)) {
        ctx.diagnostics.add(Diagnostic.Severity.ERROR, YamlNode.Mark.NONE, "name", "invalid project name \""
            + projectName + "\" (given with -p)", ProjectName.HINT);
        return null;
      }
      return projectName;
    }
    String fromFolder = ProjectName.fromFolder(baseDir);
    if (!ProjectName.valid(fromFolder)) {
      ctx.diagnostics.add(Diagnostic.Severity.ERROR, YamlNode.Mark.NONE, "name", "no project name: the file has no"
          + " name: and " + (baseDir == null ? "no folder" : "its folder name gives no valid name"),
          "add name: myapp to the file or pass -p myapp");
      return null;
    }
    return fromFolder;
  }
}
