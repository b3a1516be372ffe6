/** The `plugins` lines of the usage text: apart from the command, so printing help loads none of it. */
export const PLUGINS_HELP = `  mstream plugins list                         installed plugins: version, SDK range, what each provides
  mstream plugins search [TEXT] [--registry URL]   installable plugins (npm keyword mstream-plugin)
  mstream plugins add SPEC [--registry URL] [--url API]   install name[@version], a .tgz or a folder
  mstream plugins remove ID [--url API]        uninstall a plugin installed with add
  mstream plugins new ID [--dir PARENT]        create a plugin package from the template`;
