import { messagingEntities } from '@edubase/messaging';
import { Assessment, RectificationItem } from '../information-systems/assessment.entity';
import { InformationSystem } from '../information-systems/information-system.entity';

export const governanceEntities = [...messagingEntities, InformationSystem, Assessment, RectificationItem];
