package io.orch.core.load;

import io.orch.core.model.FileMount;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.ReplicaLimit;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads a Compose-style stack file into the orch model in compose-go's stages: parse (located tree) -> interpolate
 * -> read and validate (typed, every problem collected) -> normalize (profiles, default network, cross-references)
 * -> model. Never throws for bad input: every problem is a located {@link Diagnostic}, and the stack is null when any
 * of them is an error.
 */
public final class StackLoader {
  private final Map<String, String> environment;
  private final ReplicaLimit replicaLimit;
  /** A file submitted to the agent: see {@link #forSubmissions}. */
  private final boolean submitted;
  /** The agent's own stored copy: see {@link #readStored}. */
  private final boolean stored;

  /** @param environment the process environment (tests pass a map) */
  public StackLoader(Map<String, String> environment) {
    this(environment, ReplicaLimit.DEFAULT);
  }

  /** The agent passes its configured limit; the CLI checks against the default one. */
  public StackLoader(Map<String, String> environment, ReplicaLimit replicaLimit) {
    this(environment, replicaLimit, false);
  }

  private StackLoader(Map<String, String> environment, ReplicaLimit replicaLimit, boolean submitted) {
    this(environment, replicaLimit, submitted, false);
  }

  private StackLoader(Map<String, String> environment, ReplicaLimit replicaLimit, boolean submitted,
      boolean stored) {
    this.environment = Map.copyOf(environment);
    this.replicaLimit = replicaLimit;
    this.submitted = submitted;
    this.stored = stored;
  }

  /** A stored stack was within the limit when it was accepted; a lower limit later must not make it unreadable. */
  private static final ReplicaLimit NO_LIMIT = new ReplicaLimit(Integer.MAX_VALUE);

  /**
   * Reads back the agent's stored form of a stack, {@link StackWriter#toStored}'s output: the one form a stack has
   * on the wire and on disk. It is a submission read again (no environment: every {@code $} in it is escaped and
   * every variable resolved already), with every service enabled (the stored stack holds only the services its
   * profiles enabled, and orphans kept from earlier profiles), no replica limit (the stack was accepted under the
   * limit of its time), and the file digests that were written beside the paths (the bytes on disk now may be newer;
   * only a new submission takes them).
   */
  public static LoadResult readStored(String yaml, String fileName, String stackName) {
    return new StackLoader(Map.of(), NO_LIMIT, true, true).loadText(yaml, fileName, null, stackName, Set.of("*"));
  }

  /**
   * The agent's loader for submitted files. The CLI read the file in the user's environment already, so the agent's
   * own environment decides nothing the user chose there: the active profiles are those the request names (not the
   * agent's {@code COMPOSE_PROFILES}), and an environment name without a value stays unset (passed bare) instead of
   * taking the agent's value. {@code ${VAR}} in a body sent with curl still reads the agent's environment.
   */
  public static StackLoader forSubmissions(Map<String, String> environment, ReplicaLimit replicaLimit) {
    return new StackLoader(environment, replicaLimit, true);
  }

  /** Loads a file; {@code .env} and {@code env_file} paths are read beside it; {@code projectName} (-p) wins. */
  public LoadResult load(Path file, String projectName, Set<String> activeProfiles) {
    return load(List.of(file), projectName, activeProfiles);
  }

  /**
   * Loads several files merged in order, as {@code docker compose -f a.yaml -f b.yaml}: later files override earlier
   * ones with Compose's merge rules, relative paths and {@code .env} are read from the first file's folder, and
   * {@code projectName} (-p, may be null; else {@code COMPOSE_PROJECT_NAME}) wins over {@code name:}.
   */
  public LoadResult load(List<Path> files, String projectName, Set<String> activeProfiles) {
    List<String> texts = new ArrayList<>();
    for (Path file : files) {
      LoadResult unreadable = readBounded(file, texts);
      if (unreadable != null) {
        return unreadable;
      }
    }
    Path baseDir = files.get(0).toAbsolutePath().normalize().getParent();
    Diagnostics diagnostics = new Diagnostics(files.get(0).toString());
    Function<String, String> variables = variables(baseDir, diagnostics);
    if (projectName == null) {
      // Compose's precedence: -p, then COMPOSE_PROJECT_NAME (the environment, or .env beside the file), then name:.
      String fromEnvironment = variables.apply("COMPOSE_PROJECT_NAME");
      if (fromEnvironment != null && !fromEnvironment.isBlank()) {
        if (!ProjectName.valid(fromEnvironment)) {
          return failure(files.get(0).toString(), ProjectName.invalid(fromEnvironment) + " (given with"
              + " COMPOSE_PROJECT_NAME)", ProjectName.HINT);
        }
        projectName = fromEnvironment;
      }
    }
    List<ComposeFiles.Source> sources = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      sources.add(new ComposeFiles.Source(new ComposeFiles.Origin(file.toString(),
          file.toAbsolutePath().normalize(), baseDir, variables), texts.get(i)));
    }
    return loadSources(sources, diagnostics, variables, baseDir, files.get(0).getParent(), projectName, true,
        activeProfiles).result();
  }

  /**
   * Reads one stack file into {@code texts}, or answers why it cannot: at most one byte past the size limit is read,
   * so a huge file (or /dev/zero) is refused without filling the memory.
   */
  private static LoadResult readBounded(Path file, List<String> texts) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(ParserLimits.MAX_DOCUMENT_SIZE + 1);
      if (bytes.length > ParserLimits.MAX_DOCUMENT_SIZE) {
        return failure(file.toString(), "stack file is larger than " + ParserLimits.MAX_DOCUMENT_SIZE + " bytes",
            "split the stack or remove what it does not need");
      }
      texts.add(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
      return null;
    } catch (NoSuchFileException e) {
      return failure(file.toString(), "stack file not found", "check the path given with -f");
    } catch (CharacterCodingException e) {
      return failure(file.toString(), "stack file is not UTF-8 text", "save it as UTF-8");
    } catch (IOException e) {
      return failure(file.toString(), "cannot read stack file: " + e.getMessage(), "check the file's permissions");
    }
  }

  /**
   * Loads YAML text. {@code fileName} names the source in diagnostics; {@code baseDir} is the folder relative paths,
   * {@code .env} and {@code env_file} are read from (null: none are read, and include/extends of other files are
   * errors). {@code projectName} is used when the file has no {@code name:} (the API checks that they agree).
   */
  public LoadResult loadText(String yaml, String fileName, Path baseDir, String projectName,
      Set<String> activeProfiles) {
    return loadTraced(yaml, fileName, baseDir, projectName, activeProfiles).result();
  }

  /** The result plus what tests need to prove no key was dropped: the tree read and the key paths consumed. */
  record Traced(LoadResult result, YamlNode tree, Set<String> consumed) {}

  Traced loadTraced(String yaml, String fileName, Path baseDir, String projectName, Set<String> activeProfiles) {
    Diagnostics diagnostics = new Diagnostics(fileName);
    Function<String, String> variables = variables(baseDir, diagnostics);
    Path dir = baseDir == null ? null : baseDir.toAbsolutePath().normalize();
    Path named = fileName(fileName);
    Path file = dir == null || named == null ? null : dir.resolve(named.getFileName());
    ComposeFiles.Source source = new ComposeFiles.Source(new ComposeFiles.Origin(fileName, file, dir, variables), yaml);
    return loadSources(List.of(source), diagnostics, variables, dir, named == null ? null : named.getParent(),
        projectName, false, activeProfiles);
  }

  private static Path fileName(String name) {
    try {
      return Path.of(name);
    } catch (java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  private Traced loadSources(List<ComposeFiles.Source> sources, Diagnostics diagnostics,
      Function<String, String> variables, Path baseDir, Path displayDir, String projectName, boolean projectNameWins,
      Set<String> activeProfiles) {
    YamlNode root = new ComposeFiles(diagnostics, baseDir, displayDir).project(sources);
    if (root == null) {
      return new Traced(new LoadResult(null, diagnostics.sorted(), Map.of()), null, Set.of());
    }
    Locations locations = Locations.of(root);
    new ControlCharacterCheck(diagnostics).check(root);
    ReadContext ctx = new ReadContext(diagnostics, variables, baseDir, submitted ? name -> null : variables,
        stored);
    Set<String> profiles = activeProfiles(activeProfiles == null ? Set.of() : activeProfiles,
        submitted ? name -> null : variables);
    Stack stack = read(root, ctx, locations, baseDir, projectName, projectNameWins, profiles);
    LoadResult result = new LoadResult(diagnostics.hasErrors() ? null : stack, diagnostics.sorted(),
        locations.toSourceLocations(diagnostics.file()), profiles);
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
      boolean projectNameWins, Set<String> activeProfiles) {
    boolean empty = ReadContext.isNull(root) || root instanceof YamlNode.Mapping m && m.entries().isEmpty();
    if (empty && !ctx.diagnostics.hasErrors()) {
      // compose-go's words for a file that holds nothing (blank, only comments or "---"); an include that failed
      // leaves an empty tree too, and has said why already.
      ctx.diagnostics.error(root, "empty compose file", "add services: {web: {image: nginx}}");
    }
    if (empty) {
      return null;
    }
    Fields top = ctx.fields(root, "services: {web: {image: nginx}}");
    if (top == null) {
      return null;
    }
    YamlNode version = top.take("version");
    if (version != null) {
      ctx.diagnostics.warning(version, "the attribute version is obsolete, it will be ignored",
          "remove it to avoid confusion");
    }
    String name = projectName(top, ctx, baseDir, projectName, projectNameWins);
    Map<String, ServiceSpec> all = new LinkedHashMap<>();
    YamlNode servicesNode = top.value("services");
    if (servicesNode == null) {
      // The Compose schema does not require services: (a file of networks or volumes is valid), so a warning.
      ctx.diagnostics.warning(root, "no services defined", "add services: {web: {image: nginx}}");
    } else {
      Fields services = ctx.fields(servicesNode, "services: {web: {image: nginx}}");
      if (services != null) {
        services.node().entries().forEach((serviceName, e) -> {
          if (serviceName.startsWith("x-")) {
            return;
          }
          services.take(serviceName);
          new NameChecks(ctx.diagnostics).key("service", serviceName, e.keyMark(), e.value().path());
          ServiceSpec spec = new ServiceReader(ctx, serviceName).read(e.value());
          if (spec != null && spec.image() == null && spec.build() != null && name != null) {
            spec = spec.toBuilder().image(builtImageName(name, serviceName)).build();
          }
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
    FileObjectReader fileObjects = new FileObjectReader(ctx);
    YamlNode secretsNode = top.value("secrets");
    Map<String, FileObjectReader.Declared> secrets = secretsNode == null ? Map.of()
        : fileObjects.read(secretsNode, FileMount.Kind.SECRET);
    YamlNode configsNode = top.value("configs");
    Map<String, FileObjectReader.Declared> configs = configsNode == null ? Map.of()
        : fileObjects.read(configsNode, FileMount.Kind.CONFIG);
    top.finish();

    Map<String, ServiceSpec> declared = OneShotJobs.apply(Links.apply(all, ctx.links()), ctx.declaredRestart());
    Map<String, ServiceSpec> enabled = new LinkedHashMap<>();
    Set<String> profiles = activeProfiles;
    declared.forEach((n, s) -> {
      if (s.profiles().isEmpty() || profiles.contains("*") || s.profiles().stream().anyMatch(profiles::contains)) {
        enabled.put(n, s);
      }
    });
    Map<String, ServiceSpec> joined = SharedNamespaceReader.shareIpcDonors(
        new FileObjects(ctx.diagnostics, locations, ctx.references()).resolve(enabled, secrets, configs));
    Map<String, ServiceSpec> checked = new StackValidator(ctx.diagnostics, locations, ctx.references())
        .validate(joined, declared, networks.keySet(), volumes.keySet());
    for (ReplicaLimit.Breach b : replicaLimit.check(checked)) {
      String path = b.service() == null ? "services" : "services." + b.service() + "." + b.key();
      ctx.diagnostics.add(Diagnostic.Severity.ERROR, locations.of(path), path, b.message(), b.hint());
    }
    // Compose's implicit network: whoever uses "default" gets it, declared or not.
    if (checked.values().stream().anyMatch(s -> s.networks().containsKey("default"))) {
      networks.putIfAbsent("default", NetworkSpec.bridge("default"));
    }
    if (ctx.diagnostics.hasErrors() || name == null) {
      return null;
    }
    return new Stack(name, checked, networks, volumes);
  }

  /** Compose v2's name for an image built without image: {@code <project>-<service>}, lowercase as tags must be. */
  static String builtImageName(String stack, String service) {
    return (stack + "-" + service).toLowerCase(java.util.Locale.ROOT);
  }

  /** --profile values plus {@code COMPOSE_PROFILES} (comma-separated, from the environment or .env), as Compose. */
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

  /**
   * -p when it wins (the CLI, as in Compose: a destructive command must act on the stack the user named), else
   * {@code name:} in the file, else -p, else the folder name normalized as Compose does.
   */
  private static String projectName(Fields top, ReadContext ctx, Path baseDir, String projectName,
      boolean projectNameWins) {
    YamlNode nameNode = top.value("name");
    if (nameNode != null && !(projectNameWins && projectName != null)) {
      String name = ctx.string(nameNode, "name: myapp");
      if (name != null && !ProjectName.valid(name)) {
        ctx.diagnostics.error(nameNode, ProjectName.invalid(name), ProjectName.HINT
            + (ProjectName.valid(ProjectName.normalize(name)) ? ", e.g. " + ProjectName.normalize(name) : ""));
        return null;
      }
      return name;
    }
    if (projectName != null) {
      if (!ProjectName.valid(projectName)) {
        ctx.diagnostics.add(Diagnostic.Severity.ERROR, YamlNode.Mark.NONE, "name", ProjectName.invalid(projectName)
            + " (given with -p)", ProjectName.HINT);
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
