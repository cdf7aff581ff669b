// Generated and recorded specs have no declared type: the suites build them through the
// component table's loader, which takes plain inputs, rather than each class's typed args.
import { ComponentClass, loadComponent } from "../../provider/src/component/load";
import { Cloud, COMPONENT_ENTRIES } from "../../provider/src/component/table";

/** The component class of `cloud`. */
export function componentOf(cloud: Cloud): ComponentClass {
    return loadComponent(COMPONENT_ENTRIES.find((e) => e.cloud === cloud)!.token);
}
