import { Link } from '@backstage/core-components';
import { Flex, Tab, TabList, TabPanel, Tabs, Text } from '@backstage/ui';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Gallery } from '../Gallery';
import { ServerOverview } from '../ServerDetail';

const tabs = ['overview', 'images'] as const;
type TabId = (typeof tabs)[number];

/** One server's page: overview (health, metrics) and images, the tab kept in `?tab=`. */
export function ServerPage() {
  const params = useParams();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const ref = { cluster: params.cluster ?? '', namespace: params.namespace ?? '', name: params.name ?? '' };
  const tab: TabId = tabs.includes(search.get('tab') as TabId) ? (search.get('tab') as TabId) : 'overview';
  return (
    <Flex direction="column" gap="3">
      <Text variant="body-small" color="secondary">
        <Link to="..">Image servers</Link> / {ref.cluster} / {ref.namespace} / <strong>{ref.name}</strong>
      </Text>
      <Tabs selectedKey={tab} onSelectionChange={(key) => setSearch({ tab: String(key) }, { replace: true })}>
        <TabList aria-label="Server views">
          <Tab id="overview">Overview</Tab>
          <Tab id="images">Images</Tab>
        </TabList>
        <TabPanel id="overview">
          <ServerOverview serverRef={ref} onDeleted={() => navigate('..')} />
        </TabPanel>
        <TabPanel id="images">
          <Gallery serverRef={ref} />
        </TabPanel>
      </Tabs>
    </Flex>
  );
}
