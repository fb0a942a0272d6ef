import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { Container, HeaderPage } from '@backstage/ui';
import { Route, Routes } from 'react-router-dom';
import { CreateServerPage } from '../CreateServer';
import { ServerList } from '../ServerList';
import { ServerPage } from './ServerPage';

/** Options of the plugin's page, from the extension config or the legacy props. */
export interface ImageServersPageProps {
  /** Default refresh interval of the server list, in seconds (0 turns it off). */
  refreshIntervalSeconds?: number;
}

/**
 * The plugin's page: the list of servers, the create form and one page per server. Works under
 * both frontend systems; the router adapter is a pass-through in the old one. HeaderPage brings
 * its own Container, so only the body is wrapped in one (nested, the title sat indented).
 */
export function ImageServersPage(props: ImageServersPageProps) {
  return (
    <ReactRouterV6PageRouter>
      <Routes>
        <Route
          path="/"
          element={
            <>
              <HeaderPage
                title="Image servers"
                description="Image servers you can reach, their health and where they run."
              />
              <Container>
                <ServerList defaultRefreshSeconds={props.refreshIntervalSeconds} />
              </Container>
            </>
          }
        />
        <Route
          path="/create"
          element={
            <>
              <HeaderPage
                title="Create an image server"
                description="Becomes an ImageServer resource that the operator turns into a running server."
              />
              <Container>
                <CreateServerPage />
              </Container>
            </>
          }
        />
        <Route
          path="/:cluster/:namespace/:name"
          element={
            <Container>
              <ServerPage />
            </Container>
          }
        />
      </Routes>
    </ReactRouterV6PageRouter>
  );
}
