/**
 * CEP (pre-UXP Premiere) manifest.xml and .debug, generated from typed config (CEP 12 cookbook; Adobe-CEP
 * Samples PProPanel/CSXS/manifest.xml). CSXS 10 (Chromium 74) is Premiere 15 (2021) and later; BigInt timecode math needs Chromium 67+.
 */
export interface CepConfig {
  bundleId: string;
  version: string;
  name: string;
  hostVersion: string;
  debugPort: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function buildCepManifest(c: CepConfig): string {
  const id = `${c.bundleId}.panel`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<ExtensionManifest Version="10.0" ExtensionBundleId="${esc(c.bundleId)}" ExtensionBundleVersion="${esc(c.version)}" ExtensionBundleName="${esc(c.name)}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <ExtensionList>
    <Extension Id="${esc(id)}" Version="${esc(c.version)}"/>
  </ExtensionList>
  <ExecutionEnvironment>
    <HostList>
      <Host Name="PPRO" Version="${esc(c.hostVersion)}"/>
    </HostList>
    <LocaleList>
      <Locale Code="All"/>
    </LocaleList>
    <RequiredRuntimeList>
      <RequiredRuntime Name="CSXS" Version="10.0"/>
    </RequiredRuntimeList>
  </ExecutionEnvironment>
  <DispatchInfoList>
    <Extension Id="${esc(id)}">
      <DispatchInfo>
        <Resources>
          <MainPath>./index.html</MainPath>
          <ScriptPath>./jsx/cutaway.jsx</ScriptPath>
          <CEFCommandLine>
            <Parameter>--enable-nodejs</Parameter>
            <Parameter>--mixed-context</Parameter>
          </CEFCommandLine>
        </Resources>
        <Lifecycle>
          <AutoVisible>true</AutoVisible>
        </Lifecycle>
        <UI>
          <Type>Panel</Type>
          <Menu>${esc(c.name)}</Menu>
          <Geometry>
            <Size><Height>640</Height><Width>360</Width></Size>
            <MinSize><Height>300</Height><Width>260</Width></MinSize>
          </Geometry>
        </UI>
      </DispatchInfo>
    </Extension>
  </DispatchInfoList>
</ExtensionManifest>
`;
}

/** Remote debugging port for an unsigned development install (CEP cookbook "Remote debugging"). */
export function buildCepDebug(c: CepConfig): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ExtensionList>
  <Extension Id="${esc(c.bundleId)}.panel">
    <HostList>
      <Host Name="PPRO" Port="${c.debugPort}"/>
    </HostList>
  </Extension>
</ExtensionList>
`;
}
