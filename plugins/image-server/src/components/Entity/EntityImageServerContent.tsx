import { MissingAnnotationEmptyState, useEntity } from '@backstage/plugin-catalog-react';
import { Flex, Tab, TabList, TabPanel, Tabs } from '@backstage/ui';
import { Gallery } from '../Gallery';
import { ServerOverview } from '../ServerDetail';
import { IMAGE_SERVER_NAME_ANNOTATION, serverRefOfEntity } from './annotations';

/** Entity tab: the overview and gallery of the entity's image server. */
export function EntityImageServerContent() {
  const { entity } = useEntity();
  const ref = serverRefOfEntity(entity);
  if (!ref) return <MissingAnnotationEmptyState annotation={IMAGE_SERVER_NAME_ANNOTATION} />;
  return (
    <Flex direction="column" gap="3">
      <Tabs defaultSelectedKey="overview">
        <TabList aria-label="Image server views">
          <Tab id="overview">Overview</Tab>
          <Tab id="images">Images</Tab>
        </TabList>
        <TabPanel id="overview">
          <ServerOverview serverRef={ref} />
        </TabPanel>
        <TabPanel id="images">
          <Gallery serverRef={ref} />
        </TabPanel>
      </Tabs>
    </Flex>
  );
}
